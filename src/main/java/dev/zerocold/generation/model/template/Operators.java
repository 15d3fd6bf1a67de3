package dev.zerocold.generation.model.template;

import dev.zerocold.generation.model.template.Types.Undefined;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The template's operators with Python's semantics: arithmetic on integers and floats ({@code / // % **} included),
 * {@code +} and {@code *} on strings and lists, {@code ~} concatenation, equality, ordering and membership. Results
 * are checked against the {@link Limits}; operating on an undefined value fails as it does in the template language.
 */
final class Operators {

    private Operators() {
    }

    static Object binary(String op, Object l, Object r, Limits limits) {
        if (op.equals("~")) {
            String a = Values.str(l);
            String b = Values.str(r);
            limits.built((long) a.length() + b.length());
            return a + b;
        }
        failIfUndefined(l);
        failIfUndefined(r);
        if (Values.isNumber(l) && Values.isNumber(r)) {
            return Values.isInt(l) && Values.isInt(r) && !op.equals("/")
                    ? integer(op, Values.toLong(l), Values.toLong(r))
                    : real(op, Values.toDouble(l), Values.toDouble(r));
        }
        if (op.equals("+") && l instanceof String a && r instanceof String b) {
            limits.built((long) a.length() + b.length());
            return a + b;
        }
        if (op.equals("+") && l instanceof List<?> a && r instanceof List<?> b) {
            limits.checkItems((long) a.size() + b.size());
            List<Object> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }
        if (op.equals("*") && (Values.isInt(l) || Values.isInt(r))) {
            Object seq = Values.isInt(l) ? r : l;
            long times = Math.max(0, Values.toLong(Values.isInt(l) ? l : r));
            if (seq instanceof String s) {
                limits.built(times > maxOutputChars(limits) ? Long.MAX_VALUE : s.length() * times);
                return s.repeat((int) times);
            }
            if (seq instanceof List<?> list) {
                limits.checkItems(times > limits.maxIterations() ? Long.MAX_VALUE : list.size() * times);
                List<Object> out = new ArrayList<>();
                for (long i = 0; i < times; i++) {
                    out.addAll(list);
                }
                return out;
            }
        }
        throw new ChatTemplateException("unsupported operand types for " + op + ": '" + Values.typeName(l)
                + "' and '" + Values.typeName(r) + "'");
    }

    private static long maxOutputChars(Limits limits) {
        return limits.maxOutputChars();
    }

    static void failIfUndefined(Object v) {
        if (v instanceof Undefined u) {
            throw new ChatTemplateException("'" + u.name() + "' is undefined");
        }
    }

    private static Object integer(String op, long a, long b) {
        try {
            return switch (op) {
                case "+" -> Math.addExact(a, b);
                case "-" -> Math.subtractExact(a, b);
                case "*" -> Math.multiplyExact(a, b);
                case "//" -> Math.floorDiv(a, nonZero(b));
                case "%" -> Math.floorMod(a, nonZero(b));
                case "**" -> b < 0 ? (Object) Math.pow(a, b) : (Object) power(a, b);
                default -> throw new ChatTemplateException("unknown operator " + op);
            };
        } catch (ArithmeticException e) {
            throw new ChatTemplateException("integer overflow in " + a + " " + op + " " + b);
        }
    }

    private static long power(long base, long exponent) {
        long result = 1;
        for (long i = 0; i < exponent; i++) {
            result = Math.multiplyExact(result, base);
            if (result == 0 || result == 1 && base == 1) {
                return result;
            }
        }
        return result;
    }

    private static long nonZero(long b) {
        if (b == 0) {
            throw new ChatTemplateException("integer division or modulo by zero");
        }
        return b;
    }

    private static Object real(String op, double a, double b) {
        if ((op.equals("/") || op.equals("//") || op.equals("%")) && b == 0) {
            throw new ChatTemplateException("division by zero");
        }
        return switch (op) {
            case "+" -> a + b;
            case "-" -> a - b;
            case "*" -> a * b;
            case "/" -> a / b;
            case "//" -> Math.floor(a / b);
            case "%" -> a - b * Math.floor(a / b);
            case "**" -> Math.pow(a, b);
            default -> throw new ChatTemplateException("unknown operator " + op);
        };
    }

    static Object negate(Object v) {
        failIfUndefined(v);
        if (Values.isInt(v)) {
            return -Values.toLong(v);
        }
        if (Values.isNumber(v)) {
            return -Values.toDouble(v);
        }
        throw new ChatTemplateException("bad operand type for unary -: '" + Values.typeName(v) + "'");
    }

    /** Python's {@code ==} (1 == 1.0 == True; lists and dicts compare by content; undefined equals only undefined). */
    static boolean eq(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Boolean x && Values.isNumber(b)) {
            return eq(x ? 1L : 0L, b);
        }
        if (b instanceof Boolean y && Values.isNumber(a)) {
            return eq(a, y ? 1L : 0L);
        }
        if (Values.isNumber(a) && Values.isNumber(b)) {
            return Values.isInt(a) && Values.isInt(b) ? Values.toLong(a) == Values.toLong(b)
                    : Values.toDouble(a) == Values.toDouble(b);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = y.iterator();
            for (Object item : x) {
                if (!eq(item, i.next())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !eq(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Undefined || b instanceof Undefined) {
            return a instanceof Undefined && b instanceof Undefined;
        }
        return a.equals(b);
    }

    static boolean compare(String op, Object a, Object b) {
        switch (op) {
            case "==":
                return eq(a, b);
            case "!=":
                return !eq(a, b);
            case "in":
                return contains(b, a);
            case "notin":
                return !contains(b, a);
            default:
                int c = order(op, a, b);
                return switch (op) {
                    case "<" -> c < 0;
                    case ">" -> c > 0;
                    case "<=" -> c <= 0;
                    default -> c >= 0;
                };
        }
    }

    static int order(String op, Object a, Object b) {
        if (Values.isNumber(a) && Values.isNumber(b)) {
            return Values.isInt(a) && Values.isInt(b) ? Long.compare(Values.toLong(a), Values.toLong(b))
                    : Double.compare(Values.toDouble(a), Values.toDouble(b));
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return x.compareTo(y);
        }
        throw new ChatTemplateException("'" + op + "' not supported between instances of '" + Values.typeName(a)
                + "' and '" + Values.typeName(b) + "'");
    }

    /** Python's {@code item in container}. */
    static boolean contains(Object container, Object item) {
        if (container instanceof String s) {
            if (!(item instanceof String needle)) {
                throw new ChatTemplateException("'in <string>' requires string as left operand, not "
                        + Values.typeName(item));
            }
            return s.contains(needle);
        }
        if (container instanceof Map<?, ?> m) {
            return (item != null && m.containsKey(item)) || m.keySet().stream().anyMatch(k -> eq(k, item));
        }
        if (container instanceof Collection<?> c) {
            return c.stream().anyMatch(x -> eq(x, item));
        }
        if (container instanceof Types.Range r) {
            return Values.sequence(r, Limits.DEFAULT).stream().anyMatch(x -> eq(x, item));
        }
        if (container instanceof Undefined) {
            return false;
        }
        throw new ChatTemplateException("argument of type '" + Values.typeName(container) + "' is not iterable");
    }
}
