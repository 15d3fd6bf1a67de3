package dev.zerocold.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The checks of {@code promtool check metrics} (Prometheus 2.42: client_golang's promlint), for tests,
 * since promtool is not on CI's machines. Like promtool it reads the Prometheus text format 0.0.4
 * (what {@code /q/metrics} answers to {@code Accept: text/plain}) and groups samples into families the
 * way its parser does: a sample belongs to the family of its own name, or, for {@code _sum},
 * {@code _count} and {@code _bucket}, to the summary or histogram it extends; any other sample is a
 * family of its own, untyped and without HELP. Problems read as promtool prints them:
 * {@code name message}.
 */
final class PrometheusLint {

    private PrometheusLint() {
    }

    /** One metric family as the parser builds it. */
    static final class Family {
        final String name;
        String type = "untyped";
        String help;
        int samples;
        final Set<String> labels = new LinkedHashSet<>();

        Family(String name) {
            this.name = name;
        }
    }

    private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][A-Z]");
    private static final Pattern LABEL_NAME = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("amperes", "amperes"), Map.entry("bytes", "bytes"), Map.entry("celsius", "celsius"),
            Map.entry("grams", "grams"), Map.entry("joules", "joules"), Map.entry("kelvin", "kelvin"),
            Map.entry("meters", "meters"), Map.entry("metres", "metres"), Map.entry("seconds", "seconds"),
            Map.entry("volts", "volts"), Map.entry("minutes", "seconds"), Map.entry("hours", "seconds"),
            Map.entry("days", "seconds"), Map.entry("weeks", "seconds"), Map.entry("kelvins", "kelvin"),
            Map.entry("fahrenheit", "celsius"), Map.entry("rankine", "celsius"), Map.entry("inches", "meters"),
            Map.entry("yards", "meters"), Map.entry("miles", "meters"), Map.entry("bits", "bytes"),
            Map.entry("calories", "joules"), Map.entry("pounds", "grams"), Map.entry("ounces", "grams"));
    private static final List<String> UNIT_PREFIXES = List.of("pico", "nano", "micro", "milli", "centi", "deci",
            "deca", "hecto", "kilo", "kibi", "mega", "mibi", "giga", "gibi", "tera", "tebi", "peta", "pebi");
    private static final List<String> UNIT_ABBREVIATIONS = List.of("s", "ms", "us", "ns", "sec", "b", "kb", "mb",
            "gb", "tb", "pb", "m", "h", "d");
    private static final List<String> TYPE_NAMES = List.of("counter", "gauge", "summary", "histogram", "gauge_histogram");

    /** The families of a text-format exposition that hold at least one sample, by name. */
    static Map<String, Family> parse(String text) {
        Map<String, Family> families = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
                    Family family = families.computeIfAbsent(parts[2], Family::new);
                    String value = parts.length == 4 ? parts[3] : "";
                    if (parts[1].equals("HELP")) {
                        family.help = value;
                    } else {
                        family.type = value.trim();
                    }
                }
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            Family family = familyOf(families, line.substring(0, end));
            family.samples++;
            if (end < line.length() && line.charAt(end) == '{') {
                var labels = LABEL_NAME.matcher(line.substring(end + 1, line.lastIndexOf('}')));
                while (labels.find()) {
                    family.labels.add(labels.group(1));
                }
            }
        }
        families.values().removeIf(f -> f.samples == 0);
        return families;
    }

    private static Family familyOf(Map<String, Family> families, String sample) {
        Family own = families.get(sample);
        if (own != null) {
            return own;
        }
        for (String suffix : List.of("_sum", "_count", "_bucket")) {
            if (sample.endsWith(suffix)) {
                Family base = families.get(sample.substring(0, sample.length() - suffix.length()));
                if (base != null && (base.type.equals("histogram") || base.type.equals("summary") && !suffix.equals("_bucket"))) {
                    return base;
                }
            }
        }
        return families.computeIfAbsent(sample, Family::new);
    }

    /** promtool's problems with the families whose name {@code include} accepts, as {@code name message}. */
    static List<String> lint(String text, Predicate<String> include) {
        List<String> problems = new ArrayList<>();
        for (Family f : parse(text).values()) {
            if (include.test(f.name)) {
                problems.addAll(lint(f));
            }
        }
        return problems;
    }

    static List<String> lint(Family f) {
        List<String> problems = new ArrayList<>();
        String n = f.name;
        String lower = n.toLowerCase(java.util.Locale.ROOT);
        if (f.help == null || f.help.isEmpty()) {
            problems.add("no help text");
        }
        for (String token : n.split("_")) {
            String base = UNITS.get(token);
            for (int i = 0; base == null && i < UNIT_PREFIXES.size(); i++) {
                String prefix = UNIT_PREFIXES.get(i);
                if (token.startsWith(prefix)) {
                    base = UNITS.get(token.substring(prefix.length()));
                }
            }
            if (base != null) {
                if (!base.equals(token)) {
                    problems.add("use base unit \"" + base + "\" instead of \"" + token + "\"");
                }
                break;
            }
        }
        boolean counter = f.type.equals("counter");
        boolean untyped = f.type.equals("untyped");
        if (counter && !n.endsWith("_total")) {
            problems.add("counter metrics should have \"_total\" suffix");
        } else if (!untyped && !counter && n.endsWith("_total")) {
            problems.add("non-counter metrics should not have \"_total\" suffix");
        }
        if (!untyped) {
            boolean histogram = f.type.equals("histogram");
            boolean summary = f.type.equals("summary");
            if (!histogram && n.endsWith("_bucket")) {
                problems.add("non-histogram metrics should not have \"_bucket\" suffix");
            }
            if (!histogram && !summary && n.endsWith("_count")) {
                problems.add("non-histogram and non-summary metrics should not have \"_count\" suffix");
            }
            if (!histogram && !summary && n.endsWith("_sum")) {
                problems.add("non-histogram and non-summary metrics should not have \"_sum\" suffix");
            }
            if (!histogram && f.labels.contains("le")) {
                problems.add("non-histogram metrics should not have \"le\" label");
            }
            if (!summary && f.labels.contains("quantile")) {
                problems.add("non-summary metrics should not have \"quantile\" label");
            }
        }
        for (String type : TYPE_NAMES) {
            if (lower.contains("_" + type + "_") || lower.endsWith("_" + type)) {
                problems.add("metric name should not include type '" + type + "'");
            }
        }
        if (n.contains(":")) {
            problems.add("metric names should not contain ':'");
        }
        if (CAMEL_CASE.matcher(n).find()) {
            problems.add("metric names should be written in 'snake_case' not 'camelCase'");
        }
        if (f.labels.stream().anyMatch(l -> CAMEL_CASE.matcher(l).find())) {
            problems.add("label names should be written in 'snake_case' not 'camelCase'");
        }
        for (String abbreviation : UNIT_ABBREVIATIONS) {
            if (lower.contains("_" + abbreviation + "_") || lower.endsWith("_" + abbreviation)) {
                problems.add("metric names should not contain abbreviated units");
            }
        }
        return problems.stream().map(p -> n + " " + p).toList();
    }
}
