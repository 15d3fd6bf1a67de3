package dev.zerocold.generation.model.template;

import dev.zerocold.generation.model.template.Types.Undefined;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filters ({@code value | name(args)}) and tests ({@code value is name(args)}) chat templates use. Each takes
 * the evaluated value and arguments; their names are checked when the template is parsed.
 */
final class Filters {

    static final Set<String> FILTERS = Set.of("trim", "length", "count", "upper", "lower", "title", "capitalize",
            "tojson", "string", "int", "float", "default", "d", "first", "last", "join", "replace", "list", "items",
            "selectattr", "rejectattr", "select", "reject", "map", "safe", "abs", "reverse");
    static final Set<String> TESTS = Set.of("defined", "undefined", "none", "string", "number", "integer", "float",
            "mapping", "iterable", "sequence", "true", "false", "boolean", "equalto", "eq", "==", "ne", "!=", "lt",
            "<", "le", "<=", "gt", ">", "ge", ">=", "in", "divisibleby", "odd", "even", "lower", "upper", "sameas");
    private static final Pattern WORD_BEGINNING = Pattern.compile("[-\\s({\\[<]+");

    private Filters() {
    }

    static Object filter(String name, Object v, List<Object> args, Map<String, Object> kwargs, Limits limits) {
        switch (name) {
            case "trim":
                return Methods.strip(Values.str(v), arg(args, kwargs, 0, "chars", null), true, true);
            case "length":
            case "count":
                return Values.length(v);
            case "upper":
                return Values.str(v).toUpperCase(Locale.ROOT);
            case "lower":
                return Values.str(v).toLowerCase(Locale.ROOT);
            case "capitalize":
                return Methods.capitalize(Values.str(v));
            case "title":
                return title(Values.str(v));
            case "tojson":
                return Json.write(v, arg(args, kwargs, 0, "indent", null), kwargs.get("separators"),
                        Values.truthy(kwargs.get("sort_keys")), Values.truthy(kwargs.get("ensure_ascii")), limits);
            case "string":
            case "safe":
                return Values.str(v);
            case "int":
                return toInt(v, arg(args, kwargs, 0, "default", 0L));
            case "float":
                return toFloat(v, arg(args, kwargs, 0, "default", 0.0));
            case "default":
            case "d":
                boolean bool = Values.truthy(arg(args, kwargs, 1, "boolean", false));
                return v instanceof Undefined || (bool && !Values.truthy(v)) ? arg(args, kwargs, 0, "default_value", "")
                        : v;
            case "first":
            case "last":
                List<Object> items = Values.sequence(v, limits);
                return items.isEmpty() ? new Undefined(name)
                        : items.get(name.equals("first") ? 0 : items.size() - 1);
            case "join":
                return join(v, args, kwargs, limits);
            case "replace":
                return Methods.replace(Values.str(v), args, limits);
            case "list":
                return Values.sequence(v, limits);
            case "reverse":
                if (v instanceof String s) {
                    return new StringBuilder(s).reverse().toString();
                }
                List<Object> reversed = Values.sequence(v, limits);
                Collections.reverse(reversed);
                return reversed;
            case "items":
                return items(v);
            case "abs":
                Operators.failIfUndefined(v);
                return Values.isInt(v) ? (Object) Math.abs(Values.toLong(v)) : (Object) Math.abs(Values.toDouble(v));
            case "selectattr":
            case "rejectattr":
            case "select":
            case "reject":
                return select(name, v, args, limits);
            case "map":
                return map(v, args, kwargs, limits);
            default:
                throw new ChatTemplateException("unknown filter '" + name + "'");
        }
    }

    static Object arg(List<Object> args, Map<String, Object> kwargs, int index, String name, Object absent) {
        return index < args.size() ? args.get(index) : kwargs.getOrDefault(name, absent);
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder();
        Matcher m = WORD_BEGINNING.matcher(s);
        int at = 0;
        while (true) {
            boolean found = m.find();
            String word = s.substring(at, found ? m.start() : s.length());
            if (!word.isEmpty()) {
                out.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1).toLowerCase(Locale.ROOT));
            }
            if (!found) {
                return out.toString();
            }
            out.append(m.group());
            at = m.end();
        }
    }

    private static Object toInt(Object v, Object fallback) {
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (Values.isInt(v)) {
            return Values.toLong(v);
        }
        if (Values.isNumber(v)) {
            return (long) Values.toDouble(v);
        }
        if (v instanceof String s) {
            String t = s.strip().replace("_", "");
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                try {
                    return (long) Double.parseDouble(t);
                } catch (NumberFormatException e2) {
                    return fallback;
                }
            }
        }
        return fallback;
    }

    private static Object toFloat(Object v, Object fallback) {
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (Values.isNumber(v)) {
            return Values.toDouble(v);
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    private static String join(Object v, List<Object> args, Map<String, Object> kwargs, Limits limits) {
        String separator = Values.str(arg(args, kwargs, 0, "d", ""));
        Object attribute = arg(args, kwargs, 1, "attribute", null);
        StringBuilder sb = new StringBuilder();
        List<Object> items = Values.sequence(v, limits);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(separator);
            }
            Object item = items.get(i);
            sb.append(Values.str(attribute == null ? item : path(item, Values.str(attribute))));
            limits.checkLength(sb.length());
        }
        return sb.toString();
    }

    private static List<Object> items(Object v) {
        if (v instanceof Undefined) {
            return List.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new ChatTemplateException("can only get item pairs from a mapping, not " + Values.typeName(v));
        }
        List<Object> out = new ArrayList<>();
        m.forEach((k, x) -> out.add(new Types.Tuple(k, x)));
        return out;
    }

    /** A dotted attribute path ("a.b") or integer index, looked up on an item. */
    private static Object path(Object item, String path) {
        Object v = item;
        for (String part : path.split("\\.")) {
            v = part.matches("\\d+") ? Values.item(v, Long.parseLong(part)) : Values.attribute(v, part);
        }
        return v;
    }

    private static List<Object> select(String name, Object v, List<Object> args, Limits limits) {
        boolean byAttribute = name.endsWith("attr");
        boolean keep = name.startsWith("select");
        int testAt = byAttribute ? 1 : 0;
        if (byAttribute && args.isEmpty()) {
            throw new ChatTemplateException(name + " needs an attribute name");
        }
        String test = args.size() > testAt ? Values.str(args.get(testAt)) : null;
        List<Object> testArgs = args.size() > testAt + 1 ? args.subList(testAt + 1, args.size()) : List.of();
        List<Object> out = new ArrayList<>();
        for (Object item : Values.sequence(v, limits)) {
            Object tested = byAttribute ? path(item, Values.str(args.get(0))) : item;
            boolean pass = test == null ? Values.truthy(tested) : test(test, tested, testArgs);
            if (pass == keep) {
                out.add(item);
            }
        }
        return out;
    }

    private static List<Object> map(Object v, List<Object> args, Map<String, Object> kwargs, Limits limits) {
        List<Object> out = new ArrayList<>();
        for (Object item : Values.sequence(v, limits)) {
            if (kwargs.containsKey("attribute")) {
                Object x = path(item, Values.str(kwargs.get("attribute")));
                out.add(x instanceof Undefined && kwargs.containsKey("default") ? kwargs.get("default") : x);
            } else if (!args.isEmpty()) {
                String filter = Values.str(args.get(0));
                if (!FILTERS.contains(filter) || filter.equals("map")) {
                    throw new ChatTemplateException("unknown filter '" + filter + "' in map");
                }
                out.add(filter(filter, item, args.subList(1, args.size()), Map.of(), limits));
            } else {
                throw new ChatTemplateException("map needs a filter name or attribute=");
            }
        }
        return out;
    }

    static boolean test(String name, Object v, List<Object> args) {
        Object a = args.isEmpty() ? null : args.get(0);
        return switch (name) {
            case "defined" -> !(v instanceof Undefined);
            case "undefined" -> v instanceof Undefined;
            case "none" -> v == null;
            case "string" -> v instanceof String;
            case "number" -> Values.isNumber(v) || v instanceof Boolean;
            case "integer" -> Values.isInt(v) || v instanceof Boolean;
            case "float" -> Values.isNumber(v) && !Values.isInt(v);
            case "mapping" -> v instanceof Map<?, ?>;
            case "iterable" -> v instanceof String || v instanceof List<?> || v instanceof Map<?, ?>
                    || v instanceof Types.Range || v instanceof Undefined || v instanceof java.util.Collection<?>;
            case "sequence" -> v instanceof String || v instanceof List<?> || v instanceof Map<?, ?>
                    || v instanceof Types.Range || v instanceof Undefined;
            case "true" -> Boolean.TRUE.equals(v);
            case "false" -> Boolean.FALSE.equals(v);
            case "boolean" -> v instanceof Boolean;
            case "equalto", "eq", "==" -> Operators.eq(v, a);
            case "ne", "!=" -> !Operators.eq(v, a);
            case "lt", "<" -> Operators.order("<", v, a) < 0;
            case "le", "<=" -> Operators.order("<=", v, a) <= 0;
            case "gt", ">" -> Operators.order(">", v, a) > 0;
            case "ge", ">=" -> Operators.order(">=", v, a) >= 0;
            case "in" -> Operators.contains(a, v);
            case "divisibleby" -> Values.toLong(v) % Values.toLong(a) == 0;
            case "odd" -> Values.toLong(v) % 2 != 0;
            case "even" -> Values.toLong(v) % 2 == 0;
            case "lower" -> Values.str(v).equals(Values.str(v).toLowerCase(Locale.ROOT));
            case "upper" -> Values.str(v).equals(Values.str(v).toUpperCase(Locale.ROOT));
            case "sameas" -> v == a || (v instanceof Boolean && v.equals(a));
            default -> throw new ChatTemplateException("unknown test '" + name + "'");
        };
    }
}
