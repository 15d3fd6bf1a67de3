package dev.zerocold.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Keeps every metric's HELP text valid Prometheus text format: a description with double quotes
 * (Micrometer's {@code system.cpu.usage} says {@code The "recent cpu usage"…}) is exported with
 * {@code \"}, which the exposition format does not allow in HELP and {@code promtool check metrics}
 * rejects. Quotes become apostrophes; a meter without a description (several Netty and HTTP gauges)
 * gets its name as HELP text.
 */
@Singleton
public class MetricDescriptions {

    @Produces
    @Singleton
    MeterFilter plainHelpText() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String description = id.getDescription();
                if (description != null && !description.isBlank() && description.indexOf('"') < 0) {
                    return id;
                }
                String help = description == null || description.isBlank() ? id.getName() : description.replace('"', '\'');
                return new Meter.Id(id.getName(), io.micrometer.core.instrument.Tags.of(id.getTagsAsIterable()),
                        id.getBaseUnit(), help, id.getType());
            }
        };
    }
}
