package dev.zerocold.ops;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link PrometheusLint} against what {@code promtool check metrics} (Debian's 2.42) printed for the same text. */
class PrometheusLintTest {

    /** Real series from /q/metrics (text format 0.0.4 and, for the cache counter, OpenMetrics), and made-up bad ones. */
    private static final String EXPOSITION = String.join("\n",
            "# HELP zerocold_requests_total API requests by model version and outcome (every status, errors included)",
            "# TYPE zerocold_requests_total counter",
            "zerocold_requests_total{model=\"image\",outcome=\"success\",version=\"1\",} 2.0",
            "# HELP zerocold_batch_size Items per model call",
            "# TYPE zerocold_batch_size histogram",
            "zerocold_batch_size_bucket{model=\"sentiment\",version=\"1\",le=\"1.0\",} 3.0",
            "zerocold_batch_size_bucket{model=\"sentiment\",version=\"1\",le=\"+Inf\",} 3.0",
            "zerocold_batch_size_count{model=\"sentiment\",version=\"1\",} 3.0",
            "zerocold_batch_size_sum{model=\"sentiment\",version=\"1\",} 3.0",
            "# HELP http_server_connections_seconds The duration of the connections",
            "# TYPE http_server_connections_seconds summary",
            "http_server_connections_seconds_active_count{server_port=\"8080\",} 1.0",
            "http_server_connections_seconds_duration_sum{server_port=\"8080\",} 0.013154174",
            "# HELP process_cpu_time_ns_total The 'cpu time' used by the Java Virtual Machine process",
            "# TYPE process_cpu_time_ns_total counter",
            "process_cpu_time_ns_total 5.71E9",
            "# HELP system_cpu_count The number of processors available to the Java virtual machine",
            "# TYPE system_cpu_count gauge",
            "system_cpu_count 2.0",
            "# TYPE zerocold_cache_requests counter",
            "# HELP zerocold_cache_requests Prediction cache lookups by result",
            "zerocold_cache_requests_total{model=\"sentiment\",result=\"hit\",version=\"1\"} 1.0",
            "# HELP load_ms Latency",
            "# TYPE load_ms gauge",
            "load_ms{quantile=\"0.5\",le=\"1\",modelName=\"x\"} 1.0",
            "# HELP queue_milliseconds_total Waiting",
            "# TYPE queue_milliseconds_total gauge",
            "queue_milliseconds_total 1.0",
            "# HELP a:b_counter Colon",
            "# TYPE a:b_counter counter",
            "a:b_counter 1.0") + "\n";

    @Test
    void findsWhatPromtoolFinds() {
        // promtool check metrics < (the text above), Prometheus 2.42.0+ds (Debian 12)
        List<String> promtool = List.of(
                "a:b_counter counter metrics should have \"_total\" suffix",
                "a:b_counter metric name should not include type 'counter'",
                "a:b_counter metric names should not contain ':'",
                "http_server_connections_seconds_active_count no help text",
                "http_server_connections_seconds_duration_sum no help text",
                "load_ms label names should be written in 'snake_case' not 'camelCase'",
                "load_ms metric names should not contain abbreviated units",
                "load_ms non-histogram metrics should not have \"le\" label",
                "load_ms non-summary metrics should not have \"quantile\" label",
                "process_cpu_time_ns_total metric names should not contain abbreviated units",
                "queue_milliseconds_total non-counter metrics should not have \"_total\" suffix",
                "queue_milliseconds_total use base unit \"seconds\" instead of \"milliseconds\"",
                "system_cpu_count non-histogram and non-summary metrics should not have \"_count\" suffix",
                "zerocold_cache_requests_total no help text");
        assertEquals(promtool, PrometheusLint.lint(EXPOSITION, name -> true).stream().sorted().toList());
    }

    @Test
    void groupsHistogramSamplesUnderTheirFamily() {
        var families = PrometheusLint.parse(EXPOSITION);
        assertEquals(4, families.get("zerocold_batch_size").samples);
        assertEquals(List.of(), PrometheusLint.lint(families.get("zerocold_batch_size")));
        assertEquals(List.of(), PrometheusLint.lint(families.get("zerocold_requests_total")));
    }
}
