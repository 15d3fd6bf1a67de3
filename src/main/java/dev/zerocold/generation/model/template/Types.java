package dev.zerocold.generation.model.template;

import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values that exist only inside a template: undefined, built-in functions, {@code range(...)}, tuples, the
 * {@code namespace(...)} object and a for loop's {@code loop} variable. Everything else is a plain Java value.
 */
final class Types {

    private Types() {
    }

    /** A missing variable, attribute or item: renders as "", is falsy, iterates as empty; arithmetic on it fails. */
    record Undefined(String name) {
    }

    /** A tuple: an immutable list that prints with parentheses. */
    static final class Tuple extends AbstractList<Object> {
        private final Object[] items;

        Tuple(Object... items) {
            this.items = items.clone();
        }

        @Override
        public Object get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }

    /** A built-in function ({@code range}, {@code namespace}, ...), looked up by name. */
    record Function(String name) {
    }

    /** {@code range(start, stop, step)}, not materialised until needed. */
    record Range(long start, long stop, long step) {
        long size() {
            if (step > 0 && start < stop) {
                return (stop - start + step - 1) / step;
            }
            if (step < 0 && start > stop) {
                return (start - stop - step - 1) / -step;
            }
            return 0;
        }
    }

    /** The mutable object made by {@code namespace(...)}; the only thing {@code set x.attr = ...} may change. */
    static final class Namespace {
        final Map<String, Object> attributes = new LinkedHashMap<>();

        @Override
        public String toString() {
            return "<Namespace " + Values.repr(attributes) + ">";
        }
    }

    /** The {@code loop} variable of a for loop. */
    record Loop(int index0, List<Object> items) {
        Object attribute(String name) {
            int n = items.size();
            return switch (name) {
                case "index" -> (long) index0 + 1;
                case "index0" -> (long) index0;
                case "revindex" -> (long) (n - index0);
                case "revindex0" -> (long) (n - index0 - 1);
                case "first" -> index0 == 0;
                case "last" -> index0 == n - 1;
                case "length" -> (long) n;
                case "depth" -> 1L;
                case "depth0" -> 0L;
                case "previtem" -> index0 > 0 ? items.get(index0 - 1) : new Undefined("previtem");
                case "nextitem" -> index0 < n - 1 ? items.get(index0 + 1) : new Undefined("nextitem");
                default -> new Undefined(name);
            };
        }
    }
}
