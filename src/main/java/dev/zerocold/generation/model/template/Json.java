package dev.zerocold.generation.model.template;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code tojson} filter: writes a value as JSON laid out like Python's {@code json.dumps} with
 * {@code ensure_ascii=False} (", " and ": " separators, or "," and ": " with an indent; keys in insertion order
 * unless sorted; non-ASCII text unescaped), which is what chat templates are written against.
 */
final class Json {

    private static final int MAX_DEPTH = 500;

    private final StringBuilder out = new StringBuilder();
    private final String indent;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean sortKeys;
    private final boolean ensureAscii;
    private final Limits limits;

    private Json(String indent, String itemSeparator, String keySeparator, boolean sortKeys, boolean ensureAscii,
            Limits limits) {
        this.indent = indent;
        this.itemSeparator = itemSeparator;
        this.keySeparator = keySeparator;
        this.sortKeys = sortKeys;
        this.ensureAscii = ensureAscii;
        this.limits = limits;
    }

    /** indent: null, a number of spaces or a string; separators: null or a two-item list. */
    static String write(Object value, Object indent, Object separators, boolean sortKeys, boolean ensureAscii,
            Limits limits) {
        String indentText = null;
        if (Values.isInt(indent)) {
            long n = Math.max(0, Values.toLong(indent));
            limits.checkLength(n);
            indentText = " ".repeat((int) n);
        } else if (indent instanceof String s) {
            indentText = s;
        } else if (indent != null && !(indent instanceof Types.Undefined)) {
            throw new ChatTemplateException("tojson indent must be an integer or a string");
        }
        String item = indentText == null ? ", " : ",";
        String key = ": ";
        if (separators instanceof java.util.List<?> l && l.size() == 2) {
            item = Values.str(l.get(0));
            key = Values.str(l.get(1));
        }
        Json json = new Json(indentText, item, key, sortKeys, ensureAscii, limits);
        json.value(value, 0);
        return limits.checkString(json.out.toString());
    }

    private void value(Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ChatTemplateException("tojson: value nested deeper than " + MAX_DEPTH);
        }
        limits.checkLength(out.length());
        if (v == null || v instanceof Types.Undefined) {
            out.append("null");
        } else if (v instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (Values.isInt(v)) {
            out.append(Values.toLong(v));
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            out.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity")
                    : Values.pyFloat(d));
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Collection<?> c) {
            out.append('[');
            int i = 0;
            for (Object item : c) {
                separator(i++ > 0, depth + 1);
                value(item, depth + 1);
            }
            close(i > 0, depth, ']');
        } else if (v instanceof Map<?, ?> || v instanceof Types.Namespace) {
            Map<?, ?> m = v instanceof Types.Namespace ns ? ns.attributes : (Map<?, ?>) v;
            if (sortKeys) {
                Map<String, Object> sorted = new TreeMap<>();
                m.forEach((k, x) -> sorted.put(Values.str(k), x));
                m = sorted;
            }
            out.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                separator(i++ > 0, depth + 1);
                Object k = e.getKey();
                string(k instanceof String s ? s : k == null ? "null" : k instanceof Boolean b
                        ? (b ? "true" : "false") : Values.str(k));
                out.append(keySeparator);
                value(e.getValue(), depth + 1);
            }
            close(i > 0, depth, '}');
        } else if (v instanceof Types.Range r) {
            value(Values.sequence(r, limits), depth);
        } else {
            throw new ChatTemplateException("Object of type " + Values.typeName(v) + " is not JSON serializable");
        }
    }

    private void separator(boolean notFirst, int depth) {
        if (notFirst) {
            out.append(itemSeparator);
        }
        if (indent != null) {
            newline(depth);
        }
    }

    private void close(boolean any, int depth, char bracket) {
        if (any && indent != null) {
            newline(depth);
        }
        out.append(bracket);
    }

    private void newline(int depth) {
        limits.checkLength(out.length() + (long) indent.length() * depth);
        out.append('\n').append(indent.repeat(depth));
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
