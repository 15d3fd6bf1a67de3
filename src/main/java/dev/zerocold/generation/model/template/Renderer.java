package dev.zerocold.generation.model.template;

import dev.zerocold.generation.model.template.Node.Expr;
import dev.zerocold.generation.model.template.Node.Stmt;
import dev.zerocold.generation.model.template.Types.Undefined;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a parsed template once: runs the statements against a stack of variable scopes (a for loop's body has its
 * own scope, so a plain {@code set} inside a loop does not leak out; a {@code namespace} does), evaluates
 * expressions, and enforces the output-length and loop-iteration {@link Limits}. One instance per render.
 */
final class Renderer {

    private static final Set<String> FUNCTIONS = Set.of("raise_exception", "range", "namespace", "dict",
            "strftime_now");

    private enum Flow { NORMAL, BREAK, CONTINUE }

    private final Limits limits;
    private final ZonedDateTime now;
    private final Deque<Map<String, Object>> scopes = new ArrayDeque<>();
    private StringBuilder out = new StringBuilder();
    private long iterations;

    Renderer(Map<String, Object> variables, Limits limits, ZonedDateTime now) {
        this.limits = limits.fresh();
        this.now = now;
        scopes.push(new HashMap<>(variables));
    }

    String render(List<Stmt> body) {
        exec(body);
        return out.toString();
    }

    private Flow exec(List<Stmt> body) {
        for (Stmt s : body) {
            Flow flow = exec(s);
            if (flow != Flow.NORMAL) {
                return flow;
            }
        }
        return Flow.NORMAL;
    }

    private Flow exec(Stmt s) {
        if (s instanceof Node.Text t) {
            write(t.text());
        } else if (s instanceof Node.Output o) {
            try {
                write(Values.str(eval(o.expr())));
            } catch (ChatTemplateException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ChatTemplateException("error on line " + o.line() + ": " + e, e);
            }
        } else if (s instanceof Node.If i) {
            for (Node.Branch b : i.branches()) {
                if (Values.truthy(eval(b.condition()))) {
                    return exec(b.body());
                }
            }
            return exec(i.otherwise());
        } else if (s instanceof Node.For f) {
            return forLoop(f);
        } else if (s instanceof Node.Set set) {
            Object value = eval(set.value());
            if (set.attribute() == null) {
                scopes.peek().put(set.name(), value);
            } else if (lookup(set.name()) instanceof Types.Namespace ns) {
                ns.attributes.put(set.attribute(), value);
            } else {
                throw new ChatTemplateException("cannot assign attribute on non-namespace object '" + set.name()
                        + "' (line " + set.line() + ")");
            }
        } else if (s instanceof Node.SetBlock block) {
            StringBuilder outer = out;
            out = new StringBuilder();
            try {
                exec(block.body());
                scopes.peek().put(block.name(), out.toString());
            } finally {
                out = outer;
            }
        } else if (s instanceof Node.Group g) {
            return exec(g.body());
        } else if (s instanceof Node.Break) {
            return Flow.BREAK;
        } else if (s instanceof Node.Continue) {
            return Flow.CONTINUE;
        }
        return Flow.NORMAL;
    }

    private Flow forLoop(Node.For f) {
        Object iterable = eval(f.iterable());
        if (iterable instanceof Types.Range r && iterations + r.size() > limits.maxIterations()) {
            throw loopLimit();
        }
        List<Object> items = Values.sequence(iterable, limits);
        Map<String, Object> scope = new HashMap<>();
        scopes.push(scope);
        try {
            if (f.filter() != null) {
                List<Object> kept = new ArrayList<>();
                for (Object item : items) {
                    countIteration();
                    bind(scope, f.targets(), item, f.line());
                    if (Values.truthy(eval(f.filter()))) {
                        kept.add(item);
                    }
                }
                items = kept;
                scope.clear();
            }
            for (int i = 0; i < items.size(); i++) {
                countIteration();
                scope.clear();
                scope.put("loop", new Types.Loop(i, items));
                bind(scope, f.targets(), items.get(i), f.line());
                if (exec(f.body()) == Flow.BREAK) {
                    break;
                }
            }
        } finally {
            scopes.pop();
        }
        return items.isEmpty() ? exec(f.otherwise()) : Flow.NORMAL;
    }

    private static void bind(Map<String, Object> scope, List<String> targets, Object item, int line) {
        if (targets.size() == 1) {
            scope.put(targets.get(0), item);
            return;
        }
        if (!(item instanceof Collection<?> c) || c.size() != targets.size()) {
            throw new ChatTemplateException("cannot unpack " + Values.typeName(item) + " into " + targets.size()
                    + " loop variables (line " + line + ")");
        }
        int i = 0;
        for (Object v : c) {
            scope.put(targets.get(i++), v);
        }
    }

    private void countIteration() {
        if (++iterations > limits.maxIterations()) {
            throw loopLimit();
        }
    }

    private ChatTemplateException loopLimit() {
        return new ChatTemplateException("template exceeds " + limits.maxIterations() + " loop iterations");
    }

    private void write(String s) {
        limits.checkLength((long) out.length() + s.length());
        out.append(s);
    }

    private Object lookup(String name) {
        for (Map<String, Object> scope : scopes) {
            if (scope.containsKey(name)) {
                return scope.get(name);
            }
        }
        return FUNCTIONS.contains(name) ? new Types.Function(name) : new Undefined(name);
    }

    private Object eval(Expr e) {
        if (e instanceof Node.Const c) {
            return c.value();
        }
        if (e instanceof Node.Var v) {
            return lookup(v.name());
        }
        if (e instanceof Node.Attr a) {
            return Values.attribute(eval(a.target()), a.name());
        }
        if (e instanceof Node.Item i) {
            Object target = eval(i.target());
            if (target instanceof String s) {
                limits.built(s.length());
            }
            return Values.item(target, eval(i.key()));
        }
        if (e instanceof Node.Slice s) {
            Object target = eval(s.target());
            if (target instanceof String str) {
                limits.built(str.length());
            } else if (target instanceof Types.Range r) {
                limits.checkItems(r.size());
            }
            return Values.slice(target, evalOrNull(s.start()), evalOrNull(s.stop()), evalOrNull(s.step()));
        }
        if (e instanceof Node.ListLit l) {
            return l.tuple() ? new Types.Tuple(evalAll(l.items()).toArray()) : evalAll(l.items());
        }
        if (e instanceof Node.DictLit d) {
            Map<Object, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < d.keys().size(); i++) {
                map.put(eval(d.keys().get(i)), eval(d.values().get(i)));
            }
            return map;
        }
        if (e instanceof Node.Unary u) {
            Object v = eval(u.operand());
            if (u.op().equals("not")) {
                return !Values.truthy(v);
            }
            if (u.op().equals("-")) {
                return Operators.negate(v);
            }
            Operators.failIfUndefined(v);
            return v;
        }
        if (e instanceof Node.Binary b) {
            Object left = eval(b.left());
            return switch (b.op()) {
                case "and" -> Values.truthy(left) ? eval(b.right()) : left;
                case "or" -> Values.truthy(left) ? left : eval(b.right());
                default -> Operators.binary(b.op(), left, eval(b.right()), limits);
            };
        }
        if (e instanceof Node.Compare c) {
            Object left = eval(c.first());
            for (int i = 0; i < c.ops().size(); i++) {
                Object right = eval(c.rest().get(i));
                if (!Operators.compare(c.ops().get(i), left, right)) {
                    return false;
                }
                left = right;
            }
            return true;
        }
        if (e instanceof Node.Cond c) {
            if (Values.truthy(eval(c.condition()))) {
                return eval(c.then());
            }
            return c.otherwise() == null ? new Undefined("conditional expression") : eval(c.otherwise());
        }
        if (e instanceof Node.Filter f) {
            return counted(Filters.filter(f.name(), eval(f.value()), evalAll(f.args()), evalAll(f.kwargs()), limits));
        }
        if (e instanceof Node.Test t) {
            return Filters.test(t.name(), eval(t.value()), evalAll(t.args())) != t.negated();
        }
        return counted(call((Node.Call) e));
    }

    /** Strings made by filters and calls count against the work budget. */
    private Object counted(Object value) {
        if (value instanceof String s) {
            limits.built(s.length());
        }
        return value;
    }

    private Object call(Node.Call c) {
        List<Object> args = evalAll(c.args());
        Map<String, Object> kwargs = evalAll(c.kwargs());
        if (c.callee() instanceof Node.Attr a) {
            if (!kwargs.isEmpty()) {
                throw new ChatTemplateException("keyword arguments to '" + a.name() + "()' are not supported (line "
                        + c.line() + ")");
            }
            return Methods.call(eval(a.target()), a.name(), args, limits);
        }
        Object callee = eval(c.callee());
        if (callee instanceof Types.Function f) {
            return Methods.function(f.name(), args, kwargs, now);
        }
        Operators.failIfUndefined(callee);
        throw new ChatTemplateException("'" + Values.typeName(callee) + "' object is not callable (line "
                + c.line() + ")");
    }

    private Object evalOrNull(Expr e) {
        return e == null ? null : eval(e);
    }

    private List<Object> evalAll(List<Expr> exprs) {
        List<Object> values = new ArrayList<>(exprs.size());
        for (Expr x : exprs) {
            values.add(eval(x));
        }
        return values;
    }

    private Map<String, Object> evalAll(Map<String, Expr> exprs) {
        Map<String, Object> values = new LinkedHashMap<>();
        exprs.forEach((k, x) -> values.put(k, eval(x)));
        return values;
    }
}
