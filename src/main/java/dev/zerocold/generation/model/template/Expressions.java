package dev.zerocold.generation.model.template;

import dev.zerocold.generation.model.template.Lexer.Token;
import dev.zerocold.generation.model.template.Lexer.Type;
import dev.zerocold.generation.model.template.Node.Expr;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Parser}'s expression rules, with the template language's operator precedence, loosest first:
 * {@code a if b else c}, {@code or}, {@code and}, {@code not}, comparisons ({@code == != < > <= >= in not in}),
 * {@code + -}, {@code ~}, {@code * / // %}, {@code **}, unary {@code - +}; then {@link Atoms} (literals, postfix,
 * filters and tests).
 */
final class Expressions {

    private Expressions() {
    }


    static Expr expression(Parser p, boolean withCondition) {
        p.enter(p.peek());
        try {
            Expr e = or(p);
            while (withCondition && p.accept(Type.NAME, "if")) {
                Expr condition = or(p);
                Expr otherwise = p.accept(Type.NAME, "else") ? expression(p, true) : null;
                e = new Node.Cond(condition, e, otherwise);
            }
            return e;
        } finally {
            p.leave();
        }
    }

    private static Expr or(Parser p) {
        Expr e = and(p);
        for (Token t = p.peek(); p.accept(Type.NAME, "or"); t = p.peek()) {
            e = new Node.Binary("or", e, and(p), t.line());
        }
        return e;
    }

    private static Expr and(Parser p) {
        Expr e = not(p);
        for (Token t = p.peek(); p.accept(Type.NAME, "and"); t = p.peek()) {
            e = new Node.Binary("and", e, not(p), t.line());
        }
        return e;
    }

    private static Expr not(Parser p) {
        Token t = p.peek();
        if (p.accept(Type.NAME, "not")) {
            p.enter(t);
            try {
                return new Node.Unary("not", not(p), t.line());
            } finally {
                p.leave();
            }
        }
        return compare(p);
    }

    private static Expr compare(Parser p) {
        Token start = p.peek();
        Expr first = math1(p);
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            Token t = p.peek();
            if (t.type() == Type.OP && List.of("==", "!=", "<", ">", "<=", ">=").contains(t.value())) {
                p.next();
                ops.add(t.value());
            } else if (p.accept(Type.NAME, "in")) {
                ops.add("in");
            } else if (t.is(Type.NAME, "not") && p.peekAt(1).is(Type.NAME, "in")) {
                p.next();
                p.next();
                ops.add("notin");
            } else {
                break;
            }
            rest.add(math1(p));
        }
        return ops.isEmpty() ? first : new Node.Compare(first, ops, rest, start.line());
    }

    private static Expr math1(Parser p) {
        Expr e = concat(p);
        for (Token t = p.peek(); t.is(Type.OP, "+") || t.is(Type.OP, "-"); t = p.peek()) {
            p.next();
            e = new Node.Binary(t.value(), e, concat(p), t.line());
        }
        return e;
    }

    private static Expr concat(Parser p) {
        Expr e = math2(p);
        for (Token t = p.peek(); p.accept(Type.OP, "~"); t = p.peek()) {
            e = new Node.Binary("~", e, math2(p), t.line());
        }
        return e;
    }

    private static Expr math2(Parser p) {
        Expr e = pow(p);
        for (Token t = p.peek(); t.type() == Type.OP && List.of("*", "/", "//", "%").contains(t.value()); t = p.peek()) {
            p.next();
            e = new Node.Binary(t.value(), e, pow(p), t.line());
        }
        return e;
    }

    private static Expr pow(Parser p) {
        Expr e = unary(p, true);
        for (Token t = p.peek(); p.accept(Type.OP, "**"); t = p.peek()) {
            e = new Node.Binary("**", e, unary(p, true), t.line());
        }
        return e;
    }

    private static Expr unary(Parser p, boolean withFilter) {
        Token t = p.peek();
        p.enter(t);
        try {
            Expr e;
            if (t.is(Type.OP, "-") || t.is(Type.OP, "+")) {
                p.next();
                e = new Node.Unary(t.value(), unary(p, false), t.line());
            } else {
                e = Atoms.primary(p);
            }
            e = Atoms.postfix(p, e);
            return withFilter ? Atoms.filters(p, e) : e;
        } finally {
            p.leave();
        }
    }
}
