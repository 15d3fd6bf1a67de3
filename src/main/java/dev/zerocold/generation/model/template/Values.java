package dev.zerocold.generation.model.template;

import dev.zerocold.generation.model.template.Types.Tuple;
import dev.zerocold.generation.model.template.Types.Undefined;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The template's value model over plain Java objects (String, Long/Integer, Double, Boolean, null as none, List,
 * Map) plus a few template-only types, with Python's semantics for truthiness, {@code str()} and {@code repr()},
 * attribute and item lookup, slicing, length and iteration.
 */
final class Values {

    private Values() {
    }

    static boolean isInt(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || (v instanceof BigInteger b && b.bitLength() < 64);
    }

    static boolean isNumber(Object v) {
        return isInt(v) || v instanceof Double || v instanceof Float || v instanceof BigDecimal;
    }

    static long toLong(Object v) {
        return ((Number) v).longValue();
    }

    static double toDouble(Object v) {
        return ((Number) v).doubleValue();
    }

    static boolean truthy(Object v) {
        if (v == null || v instanceof Undefined) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (isInt(v)) {
            return toLong(v) != 0;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0.0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v instanceof Types.Range r) {
            return r.size() > 0;
        }
        return true;
    }

    /** Python's {@code str()}. */
    static String str(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Undefined) {
            return "";
        }
        return repr(v);
    }

    /** Python's {@code repr()}. */
    static String repr(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof String s) {
            return reprString(s);
        }
        if (isInt(v)) {
            return Long.toString(toLong(v));
        }
        if (v instanceof Number n) {
            return pyFloat(n.doubleValue());
        }
        if (v instanceof Undefined) {
            return "";
        }
        if (v instanceof Collection<?> c) {
            boolean tuple = v instanceof Tuple;
            StringBuilder sb = new StringBuilder(tuple ? "(" : "[");
            for (Object item : c) {
                sb.append(sb.length() > 1 ? ", " : "").append(repr(item));
            }
            return sb.append(tuple ? (c.size() == 1 ? ",)" : ")") : "]").toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(sb.length() > 1 ? ", " : "").append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (v instanceof Types.Range r) {
            return "range(" + r.start() + ", " + r.stop() + (r.step() == 1 ? ")" : ", " + r.step() + ")");
        }
        return v.toString();
    }

    private static String reprString(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c == quote) {
                        sb.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append(quote).toString();
    }

    /** Python's {@code repr(float)}: "1.0", "0.1", "1e+16", "1e-05", "inf", "nan". */
    static String pyFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        double abs = Math.abs(d);
        if (abs >= 1e-4 && abs < 1e16) {
            String plain = new BigDecimal(Double.toString(d)).toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String s = Double.toString(d);
        int e = s.indexOf('E');
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exponent = Integer.parseInt(s.substring(e + 1));
        return mantissa + (exponent < 0 ? "e-" : "e+") + String.format("%02d", Math.abs(exponent));
    }

    static String typeName(Object v) {
        if (v == null) {
            return "NoneType";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (isInt(v)) {
            return "int";
        }
        if (v instanceof Number) {
            return "float";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof List<?>) {
            return "list";
        }
        if (v instanceof Map<?, ?>) {
            return "dict";
        }
        if (v instanceof Undefined) {
            return "Undefined";
        }
        return v.getClass().getSimpleName();
    }

    /** {@code obj.name}: an attribute, else an item of that name, else undefined. */
    static Object attribute(Object obj, String name) {
        if (obj instanceof Types.Loop loop) {
            return loop.attribute(name);
        }
        if (obj instanceof Types.Namespace ns) {
            return ns.attributes.containsKey(name) ? ns.attributes.get(name) : new Types.Undefined(name);
        }
        return item(obj, name);
    }

    /** {@code obj[key]}: an item (negative list indexes count from the end), else undefined. */
    static Object item(Object obj, Object key) {
        if (obj instanceof Map<?, ?> m) {
            if (key != null && m.containsKey(key)) {
                return m.get(key);
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (Operators.eq(e.getKey(), key)) {
                    return e.getValue();
                }
            }
        } else if ((obj instanceof List<?> || obj instanceof String || obj instanceof Types.Range) && isInt(key)) {
            long n = length(obj);
            long i = toLong(key);
            i = i < 0 ? i + n : i;
            if (i >= 0 && i < n) {
                if (obj instanceof String s) {
                    int at = s.offsetByCodePoints(0, (int) i);
                    return new String(Character.toChars(s.codePointAt(at)));
                }
                return obj instanceof Types.Range r ? (Object) (r.start() + i * r.step()) : ((List<?>) obj).get((int) i);
            }
        } else if ((obj instanceof Types.Loop || obj instanceof Types.Namespace) && key instanceof String s) {
            return attribute(obj, s);
        }
        return new Types.Undefined(key instanceof String s ? s : repr(key));
    }

    /** Python slicing of a list or string. */
    static Object slice(Object obj, Object start, Object stop, Object step) {
        boolean string = obj instanceof String;
        if (!string && !(obj instanceof List<?>) && !(obj instanceof Types.Range)) {
            return new Types.Undefined("slice");
        }
        List<?> items = sequence(obj, Limits.DEFAULT);
        long n = items.size();
        long st = step == null ? 1 : toLong(checkIndex(step));
        if (st == 0) {
            throw new ChatTemplateException("slice step cannot be zero");
        }
        long lower = st > 0 ? 0 : -1;
        long upper = st > 0 ? n : n - 1;
        long from = bound(start, n, lower, upper, st > 0 ? lower : upper);
        long to = bound(stop, n, lower, upper, st > 0 ? upper : lower);
        List<Object> out = new ArrayList<>();
        for (long i = from; st > 0 ? i < to : i > to; i += st) {
            out.add(items.get((int) i));
        }
        if (string) {
            StringBuilder sb = new StringBuilder();
            out.forEach(sb::append);
            return sb.toString();
        }
        return out;
    }

    private static long bound(Object index, long n, long lower, long upper, long absent) {
        if (index == null) {
            return absent;
        }
        long i = toLong(checkIndex(index));
        if (i < 0) {
            return Math.max(i + n, lower);
        }
        return Math.min(i, upper);
    }

    private static Object checkIndex(Object index) {
        if (!isInt(index)) {
            throw new ChatTemplateException("slice indices must be integers or none, not " + typeName(index));
        }
        return index;
    }

    /** The items a for loop or filter iterates: list items, dict keys, string characters, range numbers. */
    static List<Object> sequence(Object v, Limits limits) {
        if (v instanceof Undefined) {
            return List.of();
        }
        if (v instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        if (v instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        if (v instanceof String s) {
            List<Object> chars = new ArrayList<>();
            s.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
            return chars;
        }
        if (v instanceof Types.Range r) {
            limits.checkItems(r.size());
            List<Object> out = new ArrayList<>();
            for (long i = 0, n = r.size(); i < n; i++) {
                out.add(r.start() + i * r.step());
            }
            return out;
        }
        throw new ChatTemplateException("'" + typeName(v) + "' object is not iterable");
    }

    /** Python's {@code len()}. */
    static long length(Object v) {
        if (v instanceof String s) {
            return s.codePointCount(0, s.length());
        }
        if (v instanceof Collection<?> c) {
            return c.size();
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        if (v instanceof Types.Range r) {
            return r.size();
        }
        if (v instanceof Undefined) {
            return 0;
        }
        if (v instanceof Types.Namespace ns) {
            return ns.attributes.size();
        }
        throw new ChatTemplateException("object of type '" + typeName(v) + "' has no len()");
    }
}
