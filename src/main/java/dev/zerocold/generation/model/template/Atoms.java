package dev.zerocold.generation.model.template;

import dev.zerocold.generation.model.template.Lexer.Token;
import dev.zerocold.generation.model.template.Lexer.Type;
import dev.zerocold.generation.model.template.Node.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Parser}'s innermost rules: literals, names, parenthesised expressions and tuples, list and dict
 * literals; postfix attribute, subscript, slice and call; filters ({@code | name(args)}) and tests
 * ({@code is [not] name [arg]}).
 */
final class Atoms {

    private static final Set<Type> TEST_ARGUMENT_START = Set.of(Type.NAME, Type.STRING, Type.INT, Type.FLOAT);

    private Atoms() {
    }

    static Expr primary(Parser p) {
        Token t = p.next();
        switch (t.type()) {
            case NAME:
                return switch (t.value()) {
                    case "true", "True" -> new Node.Const(Boolean.TRUE);
                    case "false", "False" -> new Node.Const(Boolean.FALSE);
                    case "none", "None" -> new Node.Const(null);
                    default -> new Node.Var(t.value());
                };
            case STRING:
                StringBuilder s = new StringBuilder(t.value());
                while (p.peek().type() == Type.STRING) {
                    s.append(p.next().value());
                }
                return new Node.Const(s.toString());
            case INT:
                try {
                    return new Node.Const(Long.parseLong(t.value()));
                } catch (NumberFormatException e) {
                    throw p.error("integer literal too large: " + t.value(), t);
                }
            case FLOAT:
                return new Node.Const(Double.parseDouble(t.value()));
            case OP:
                if (t.value().equals("(")) {
                    return parenthesised(p);
                }
                if (t.value().equals("[")) {
                    return new Node.ListLit(sequence(p, "]"), false);
                }
                if (t.value().equals("{")) {
                    return dict(p);
                }
                throw p.error("unexpected " + Parser.describe(t), t);
            default:
                throw p.error("expected an expression but found " + Parser.describe(t), t);
        }
    }

    private static Expr parenthesised(Parser p) {
        if (p.accept(Type.OP, ")")) {
            return new Node.ListLit(List.of(), true);
        }
        Expr first = p.parseExpression();
        if (p.accept(Type.OP, ")")) {
            return first;
        }
        p.expect(Type.OP, ",");
        List<Expr> items = new ArrayList<>(List.of(first));
        items.addAll(sequence(p, ")"));
        return new Node.ListLit(List.copyOf(items), true);
    }

    /** Comma-separated expressions up to the closing bracket (a trailing comma is allowed). */
    private static List<Expr> sequence(Parser p, String close) {
        List<Expr> items = new ArrayList<>();
        while (!p.accept(Type.OP, close)) {
            items.add(p.parseExpression());
            if (!p.accept(Type.OP, ",")) {
                p.expect(Type.OP, close);
                break;
            }
        }
        return List.copyOf(items);
    }

    private static Expr dict(Parser p) {
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!p.accept(Type.OP, "}")) {
            keys.add(p.parseExpression());
            p.expect(Type.OP, ":");
            values.add(p.parseExpression());
            if (!p.accept(Type.OP, ",")) {
                p.expect(Type.OP, "}");
                break;
            }
        }
        return new Node.DictLit(List.copyOf(keys), List.copyOf(values));
    }

    static Expr postfix(Parser p, Expr e) {
        while (true) {
            Token t = p.peek();
            if (p.accept(Type.OP, ".")) {
                Token name = p.next();
                if (name.type() == Type.NAME) {
                    e = new Node.Attr(e, name.value());
                } else if (name.type() == Type.INT) {
                    e = new Node.Item(e, new Node.Const(Long.parseLong(name.value())));
                } else {
                    throw p.error("expected an attribute name after '.'", name);
                }
            } else if (p.accept(Type.OP, "[")) {
                e = subscript(p, e);
            } else if (t.is(Type.OP, "(")) {
                e = call(p, e);
            } else {
                return e;
            }
        }
    }

    private static Expr subscript(Parser p, Expr target) {
        Expr start = p.peek().is(Type.OP, ":") ? null : p.parseExpression();
        if (!p.accept(Type.OP, ":")) {
            p.expect(Type.OP, "]");
            return new Node.Item(target, start);
        }
        Expr stop = p.peek().is(Type.OP, "]") || p.peek().is(Type.OP, ":") ? null : p.parseExpression();
        Expr step = null;
        if (p.accept(Type.OP, ":") && !p.peek().is(Type.OP, "]")) {
            step = p.parseExpression();
        }
        p.expect(Type.OP, "]");
        return new Node.Slice(target, start, stop, step);
    }

    private static Expr call(Parser p, Expr callee) {
        Token open = p.peek();
        List<Expr> args = new ArrayList<>();
        Map<String, Expr> kwargs = Parser.newKwargs();
        arguments(p, args, kwargs);
        return new Node.Call(callee, List.copyOf(args), kwargs, open.line());
    }

    /** {@code (a, b, name=c)}: positional then keyword arguments. */
    static void arguments(Parser p, List<Expr> args, Map<String, Expr> kwargs) {
        p.expect(Type.OP, "(");
        while (!p.accept(Type.OP, ")")) {
            if (p.peek().is(Type.OP, "*") || p.peek().is(Type.OP, "**")) {
                throw p.error("'*' and '**' arguments are not supported", p.peek());
            }
            if (p.peek().type() == Type.NAME && p.peekAt(1).is(Type.OP, "=")) {
                String name = p.next().value();
                p.next();
                kwargs.put(name, p.parseExpression());
            } else {
                if (!kwargs.isEmpty()) {
                    throw p.error("positional argument after a keyword argument", p.peek());
                }
                args.add(p.parseExpression());
            }
            if (!p.accept(Type.OP, ",")) {
                p.expect(Type.OP, ")");
                break;
            }
        }
    }

    static Expr filters(Parser p, Expr e) {
        while (true) {
            Token t = p.peek();
            if (p.accept(Type.OP, "|")) {
                Token nameToken = p.expect(Type.NAME, "a filter name");
                String name = nameToken.value();
                if (!Filters.FILTERS.contains(name)) {
                    throw p.error("unsupported filter '" + name + "'", nameToken);
                }
                List<Expr> args = new ArrayList<>();
                Map<String, Expr> kwargs = Parser.newKwargs();
                if (p.peek().is(Type.OP, "(")) {
                    arguments(p, args, kwargs);
                }
                e = new Node.Filter(e, name, List.copyOf(args), kwargs, t.line());
            } else if (p.accept(Type.NAME, "is")) {
                boolean negated = p.accept(Type.NAME, "not");
                Token nameToken = p.expect(Type.NAME, "a test name");
                String name = nameToken.value();
                if (!Filters.TESTS.contains(name)) {
                    throw p.error("unsupported test '" + name + "'", nameToken);
                }
                List<Expr> args = new ArrayList<>();
                Token a = p.peek();
                if (a.is(Type.OP, "(")) {
                    Map<String, Expr> kwargs = Parser.newKwargs();
                    arguments(p, args, kwargs);
                    if (!kwargs.isEmpty()) {
                        throw p.error("keyword arguments to tests are not supported", a);
                    }
                } else if ((TEST_ARGUMENT_START.contains(a.type()) || a.is(Type.OP, "[") || a.is(Type.OP, "{"))
                        && !(a.type() == Type.NAME && Set.of("else", "or", "and", "if", "is", "not", "in")
                        .contains(a.value()))) {
                    args.add(postfix(p, primary(p)));
                }
                e = new Node.Test(e, name, List.copyOf(args), negated, t.line());
            } else if (t.is(Type.OP, "(")) {
                e = call(p, e);
            } else {
                return e;
            }
        }
    }
}
