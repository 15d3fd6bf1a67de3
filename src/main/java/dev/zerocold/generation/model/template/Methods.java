package dev.zerocold.generation.model.template;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Method calls on values ({@code s.strip()}, {@code s.split(',')}, {@code d.items()}, {@code d.get(k)},
 * {@code loop.cycle(...)}, ...) with Python's semantics, and the global functions {@code range}, {@code namespace},
 * {@code dict}, {@code raise_exception} and {@code strftime_now}. Methods that would modify a list or dict are refused,
 * as in a sandbox that makes values immutable.
 */
final class Methods {

    private Methods() {
    }

    static Object call(Object target, String name, List<Object> args, Limits limits) {
        if (target instanceof String s) {
            return string(s, name, args, limits);
        }
        if (target instanceof Map<?, ?> m) {
            switch (name) {
                case "items":
                    return Filters.filter("items", m, List.of(), Map.of(), limits);
                case "keys":
                    return new ArrayList<>(m.keySet());
                case "values":
                    return new ArrayList<Object>(m.values());
                case "get":
                    Object v = Values.item(m, args.isEmpty() ? null : args.get(0));
                    return v instanceof Types.Undefined ? (args.size() > 1 ? args.get(1) : null) : v;
                default:
                    break;
            }
        }
        if (target instanceof Types.Loop loop && name.equals("cycle")) {
            if (args.isEmpty()) {
                throw new ChatTemplateException("loop.cycle needs at least one argument");
            }
            return args.get(loop.index0() % args.size());
        }
        if (target instanceof List<?> || target instanceof Map<?, ?>) {
            if (List.of("append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "update",
                    "setdefault", "popitem").contains(name)) {
                throw new ChatTemplateException("'" + name + "' is not allowed: template values are immutable");
            }
        }
        Operators.failIfUndefined(target);
        throw new ChatTemplateException("'" + Values.typeName(target) + "' object has no method '" + name + "'");
    }

    private static Object string(String s, String name, List<Object> args, Limits limits) {
        Object a = args.isEmpty() ? null : args.get(0);
        switch (name) {
            case "strip":
                return strip(s, a, true, true);
            case "lstrip":
                return strip(s, a, true, false);
            case "rstrip":
                return strip(s, a, false, true);
            case "upper":
                return s.toUpperCase(Locale.ROOT);
            case "lower":
                return s.toLowerCase(Locale.ROOT);
            case "capitalize":
                return capitalize(s);
            case "title":
                return title(s);
            case "startswith":
            case "endswith":
                List<?> options = a instanceof List<?> l ? l : Arrays.asList(a);
                for (Object o : options) {
                    if (!(o instanceof String p)) {
                        throw new ChatTemplateException(name + " needs a string or a tuple of strings");
                    }
                    if (name.equals("startswith") ? s.startsWith(p) : s.endsWith(p)) {
                        return true;
                    }
                }
                return false;
            case "split":
                return split(s, a, args.size() > 1 ? Values.toLong(args.get(1)) : -1);
            case "replace":
                return replace(s, args, limits);
            case "find":
                return (long) s.indexOf(Values.str(a));
            case "count":
                return a == null || Values.str(a).isEmpty() ? (long) s.length() + 1
                        : (long) (s.split(java.util.regex.Pattern.quote(Values.str(a)), -1).length - 1);
            case "join":
                return Filters.filter("join", a, List.of(s), Map.of(), limits);
            case "format":
                return format(s, args, limits);
            default:
                throw new ChatTemplateException("'str' object has no method '" + name + "'");
        }
    }

    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** Python's str.strip/lstrip/rstrip: whitespace, or any of the given characters. */
    static String strip(String s, Object chars, boolean left, boolean right) {
        String set = chars == null || chars instanceof Types.Undefined ? null : Values.str(chars);
        int start = 0;
        int end = s.length();
        while (left && start < end && (set == null ? isSpace(s.charAt(start)) : set.indexOf(s.charAt(start)) >= 0)) {
            start++;
        }
        while (right && end > start && (set == null ? isSpace(s.charAt(end - 1)) : set.indexOf(s.charAt(end - 1)) >= 0)) {
            end--;
        }
        return s.substring(start, end);
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder();
        boolean previousCased = false;
        for (char c : s.toCharArray()) {
            boolean cased = Character.isLetter(c);
            sb.append(cased ? (previousCased ? Character.toLowerCase(c) : Character.toTitleCase(c)) : c);
            previousCased = cased;
        }
        return sb.toString();
    }

    private static List<Object> split(String s, Object separator, long maxSplit) {
        List<Object> out = new ArrayList<>();
        if (separator == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && isSpace(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    return out;
                }
                if (maxSplit >= 0 && out.size() >= maxSplit) {
                    out.add(strip(s.substring(i), null, false, true));
                    return out;
                }
                int start = i;
                while (i < n && !isSpace(s.charAt(i))) {
                    i++;
                }
                out.add(s.substring(start, i));
            }
        }
        String sep = Values.str(separator);
        if (sep.isEmpty()) {
            throw new ChatTemplateException("empty separator");
        }
        int at = 0;
        for (int next = s.indexOf(sep); next >= 0 && (maxSplit < 0 || out.size() < maxSplit);
                next = s.indexOf(sep, at)) {
            out.add(s.substring(at, next));
            at = next + sep.length();
        }
        out.add(s.substring(at));
        return out;
    }

    static String replace(String s, List<Object> args, Limits limits) {
        if (args.size() < 2) {
            throw new ChatTemplateException("replace needs the old and the new text");
        }
        String old = Values.str(args.get(0));
        String replacement = Values.str(args.get(1));
        long count = args.size() > 2 ? Values.toLong(args.get(2)) : -1;
        StringBuilder sb = new StringBuilder();
        int at = 0;
        int done = 0;
        if (old.isEmpty()) {
            return count == 0 ? s : limits.checkString(replacement + String.join(replacement, s.split("")) + replacement);
        }
        for (int next = s.indexOf(old); next >= 0 && (count < 0 || done < count); next = s.indexOf(old, at)) {
            sb.append(s, at, next).append(replacement);
            limits.checkLength(sb.length());
            at = next + old.length();
            done++;
        }
        return limits.checkString(sb.append(s.substring(at)).toString());
    }

    /** str.format with {} and {0} fields (no format specs). */
    private static String format(String s, List<Object> args, Limits limits) {
        StringBuilder sb = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < s.length() && s.charAt(i + 1) == c) {
                sb.append(c);
                i++;
            } else if (c == '{') {
                int close = s.indexOf('}', i);
                String field = close < 0 ? "x" : s.substring(i + 1, close);
                if (!field.matches("\\d*")) {
                    throw new ChatTemplateException("unsupported format field '{" + field + "'");
                }
                int index = field.isEmpty() ? auto++ : Integer.parseInt(field);
                if (index >= args.size()) {
                    throw new ChatTemplateException("format: replacement index " + index + " out of range");
                }
                sb.append(Values.str(args.get(index)));
                limits.checkLength(sb.length());
                i = close;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The global functions; raise_exception throws its message. */
    static Object function(String name, List<Object> args, Map<String, Object> kwargs, ZonedDateTime now) {
        switch (name) {
            case "raise_exception":
                throw new ChatTemplateException(args.isEmpty() ? "raise_exception called" : Values.str(args.get(0)));
            case "range":
                for (Object a : args) {
                    if (!Values.isInt(a)) {
                        throw new ChatTemplateException("range() needs integers, not " + Values.typeName(a));
                    }
                }
                long start = args.size() > 1 ? Values.toLong(args.get(0)) : 0;
                long stop = args.size() == 1 ? Values.toLong(args.get(0)) : args.size() > 1 ? Values.toLong(args.get(1)) : 0;
                long step = args.size() > 2 ? Values.toLong(args.get(2)) : 1;
                if (args.isEmpty() || args.size() > 3 || step == 0) {
                    throw new ChatTemplateException("range() needs 1 to 3 integer arguments and a non-zero step");
                }
                return new Types.Range(start, stop, step);
            case "namespace":
                Types.Namespace ns = new Types.Namespace();
                for (Object a : args) {
                    if (a instanceof Map<?, ?> m) {
                        m.forEach((k, v) -> ns.attributes.put(Values.str(k), v));
                    }
                }
                ns.attributes.putAll(kwargs);
                return ns;
            case "dict":
                return new LinkedHashMap<>(kwargs);
            case "strftime_now":
                return strftime(now, args.isEmpty() ? "" : Values.str(args.get(0)));
            default:
                throw new ChatTemplateException("unknown function '" + name + "'");
        }
    }

    /** C strftime codes: %Y %y %m %d %e %H %I %M %S %p %j %a %A %b %B %Z %z %%, and %-d style (no padding). */
    static String strftime(ZonedDateTime t, String format) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                sb.append(c);
                continue;
            }
            boolean unpadded = format.charAt(i + 1) == '-' && i + 2 < format.length();
            char code = format.charAt(unpadded ? i + 2 : i + 1);
            i += unpadded ? 2 : 1;
            String pattern = switch (code) {
                case 'Y' -> "yyyy";
                case 'y' -> "yy";
                case 'm' -> "MM";
                case 'd' -> "dd";
                case 'H' -> "HH";
                case 'I' -> "hh";
                case 'M' -> "mm";
                case 'S' -> "ss";
                case 'p' -> "a";
                case 'j' -> "DDD";
                case 'a' -> "EEE";
                case 'A' -> "EEEE";
                case 'b', 'h' -> "MMM";
                case 'B' -> "MMMM";
                case 'Z' -> "zzz";
                case 'z' -> "xx";
                case 'e' -> "ppd";
                case '%' -> "'%'";
                default -> throw new ChatTemplateException("strftime_now: unsupported format code %" + code);
            };
            String text = DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).format(t);
            if (unpadded) {
                text = text.replaceFirst("^0+(?=.)", "");
            }
            sb.append(text);
        }
        return sb.toString();
    }
}
