package dev.zerocold.api.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Per-client rate limits ({@code zerocold.rate-limit.*}), one token bucket per client and endpoint
 * family. A client is its API key when it sends one, else its remote address (behind a proxy, set
 * {@code quarkus.http.proxy.proxy-address-forwarding} so that this is the caller's). Each family's
 * defaults are in application.properties.
 */
@ConfigMapping(prefix = "zerocold.rate-limit")
public interface RateLimitConfig {

    /** Most clients tracked at once; the least recently seen are forgotten first. */
    @WithDefault("10000")
    int maxClients();

    /** Task predictions: {@code /api/predict/{sentiment,image,recommend}}, {@code /predict/{name}}, V2 infer. */
    Family predict();

    /** {@code /api/predict/batch}, counted in items, not requests. */
    Family batch();

    /** {@code POST /api/interactions}. */
    Family interactions();

    /** The management API: {@code /models} POST/PUT/DELETE, {@code /v2/repository} and {@code /snapshot}. */
    Family management();

    /** One family's bucket: refilled at {@code per-second}, holding at most {@code burst}. */
    interface Family {

        boolean enabled();

        double perSecond();

        long burst();
    }
}
