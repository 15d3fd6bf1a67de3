package dev.zerocold.generation.model.template;

import dev.zerocold.generation.model.template.Lexer.Token;
import dev.zerocold.generation.model.template.Lexer.Type;
import dev.zerocold.generation.model.template.Node.Expr;
import dev.zerocold.generation.model.template.Node.Stmt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link Node} tree from the {@link Lexer}'s tokens by recursive descent: text, output, and the tags
 * {@code if/elif/else}, {@code for/else} (with unpacking and an {@code if} filter), {@code set} (plain, namespace
 * attribute, block), {@code break}, {@code continue}, {@code generation}; expressions are left to
 * {@link Expressions}. Rejects unsupported tags (macros, includes, ...) and caps nesting depth.
 */
final class Parser {

    private static final int MAX_DEPTH = 200;
    private static final List<String> UNSUPPORTED = List.of("macro", "call", "filter", "include", "import", "from",
            "extends", "block", "with", "autoescape", "do", "trans", "endmacro", "endcall");

    private final List<Token> tokens;
    private int i;
    private int depth;
    private int loops;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<Stmt> parse(String source) {
        return new Parser(Lexer.tokenize(source)).body(null, 0);
    }

    // ---- statements

    private List<Stmt> body(String opener, int openLine, String... ends) {
        List<Stmt> out = new ArrayList<>();
        while (true) {
            Token t = next();
            switch (t.type()) {
                case TEXT -> out.add(new Node.Text(t.value()));
                case VAR_BEGIN -> {
                    Expr e = parseExpression();
                    expect(Type.VAR_END, "'}}'");
                    out.add(new Node.Output(e, t.line()));
                }
                case BLOCK_BEGIN -> {
                    Token name = peek();
                    if (name.type() != Type.NAME) {
                        throw error("expected a tag name after '{%'", name);
                    }
                    if (Arrays.asList(ends).contains(name.value())) {
                        return out;
                    }
                    if (name.value().startsWith("end") || name.value().equals("elif") || name.value().equals("else")) {
                        throw error("unexpected '{% " + name.value() + " %}'" + (opener == null ? ""
                                : " inside '{% " + opener + " %}' opened on line " + openLine + " (expected "
                                + String.join(" or ", ends) + ")"), name);
                    }
                    out.add(statement());
                }
                case EOF -> {
                    if (opener == null) {
                        return out;
                    }
                    throw new ChatTemplateException("unclosed '{% " + opener + " %}' opened on line " + openLine
                            + ": expected '{% " + ends[ends.length - 1] + " %}' before the end of the template");
                }
                default -> throw error("unexpected " + describe(t), t);
            }
        }
    }

    private Stmt statement() {
        Token name = next();
        enter(name);
        try {
            switch (name.value()) {
                case "if":
                    return ifStatement(name);
                case "for":
                    return forStatement(name);
                case "set":
                    return setStatement(name);
                case "break":
                case "continue":
                    if (loops == 0) {
                        throw error("'{% " + name.value() + " %}' outside a loop", name);
                    }
                    expect(Type.BLOCK_END, "'%}'");
                    return name.value().equals("break") ? new Node.Break() : new Node.Continue();
                case "generation":
                    expect(Type.BLOCK_END, "'%}'");
                    List<Stmt> body = body("generation", name.line(), "endgeneration");
                    next();
                    expect(Type.BLOCK_END, "'%}'");
                    return new Node.Group(body);
                default:
                    if (UNSUPPORTED.contains(name.value())) {
                        throw error("'{% " + name.value() + " %}' is not supported", name);
                    }
                    throw error("unknown tag '" + name.value() + "'", name);
            }
        } finally {
            leave();
        }
    }

    private Stmt ifStatement(Token tag) {
        List<Node.Branch> branches = new ArrayList<>();
        Expr condition = parseExpression();
        expect(Type.BLOCK_END, "'%}'");
        while (true) {
            List<Stmt> body = body("if", tag.line(), "elif", "else", "endif");
            branches.add(new Node.Branch(condition, body));
            String end = next().value();
            if (end.equals("elif")) {
                condition = parseExpression();
                expect(Type.BLOCK_END, "'%}'");
                continue;
            }
            expect(Type.BLOCK_END, "'%}'");
            List<Stmt> otherwise = List.of();
            if (end.equals("else")) {
                otherwise = body("if", tag.line(), "endif");
                next();
                expect(Type.BLOCK_END, "'%}'");
            }
            return new Node.If(branches, otherwise);
        }
    }

    private Stmt forStatement(Token tag) {
        List<String> targets = new ArrayList<>();
        boolean paren = accept(Type.OP, "(");
        do {
            targets.add(expect(Type.NAME, "a loop variable name").value());
        } while (accept(Type.OP, ","));
        if (paren) {
            expect(Type.OP, ")");
        }
        if (!accept(Type.NAME, "in")) {
            throw error("expected 'in' in '{% for %}'", peek());
        }
        Expr iterable = Expressions.expression(this, false);
        Expr filter = accept(Type.NAME, "if") ? parseExpression() : null;
        if (peek().is(Type.NAME, "recursive")) {
            throw error("recursive loops are not supported", peek());
        }
        expect(Type.BLOCK_END, "'%}'");
        loops++;
        List<Stmt> body = body("for", tag.line(), "else", "endfor");
        loops--;
        List<Stmt> otherwise = List.of();
        if (next().value().equals("else")) {
            expect(Type.BLOCK_END, "'%}'");
            otherwise = body("for", tag.line(), "endfor");
            next();
        }
        expect(Type.BLOCK_END, "'%}'");
        return new Node.For(List.copyOf(targets), iterable, filter, body, otherwise, tag.line());
    }

    private Stmt setStatement(Token tag) {
        String name = expect(Type.NAME, "a variable name").value();
        String attribute = accept(Type.OP, ".") ? expect(Type.NAME, "an attribute name").value() : null;
        if (accept(Type.OP, "=")) {
            Expr value = parseExpression();
            expect(Type.BLOCK_END, "'%}'");
            return new Node.Set(name, attribute, value, tag.line());
        }
        if (attribute != null || peek().type() != Type.BLOCK_END) {
            throw error("expected '=' in '{% set %}'", peek());
        }
        next();
        List<Stmt> body = body("set", tag.line(), "endset");
        next();
        expect(Type.BLOCK_END, "'%}'");
        return new Node.SetBlock(name, body);
    }

    // ---- token helpers, shared with Expressions and Atoms

    Expr parseExpression() {
        return Expressions.expression(this, true);
    }

    void leave() {
        depth--;
    }

    Token peek() {
        return tokens.get(i);
    }

    Token peekAt(int offset) {
        return tokens.get(Math.min(i + offset, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(i);
        if (t.type() != Type.EOF) {
            i++;
        }
        return t;
    }

    boolean accept(Type type, String value) {
        if (peek().is(type, value)) {
            i++;
            return true;
        }
        return false;
    }

    Token expect(Type type, String what) {
        Token t = peek();
        if (t.type() != type || (type == Type.OP && !t.value().equals(what))) {
            throw error("expected " + what + " but found " + describe(t), t);
        }
        return next();
    }

    void enter(Token at) {
        if (++depth > MAX_DEPTH) {
            throw error("template nesting deeper than " + MAX_DEPTH, at);
        }
    }

    ChatTemplateException error(String message, Token at) {
        return new ChatTemplateException(message + " (line " + at.line() + ")");
    }

    static String describe(Token t) {
        return switch (t.type()) {
            case EOF -> "the end of the template";
            case TEXT -> "text";
            case VAR_BEGIN -> "'{{'";
            case VAR_END -> "'}}'";
            case BLOCK_BEGIN -> "'{%'";
            case BLOCK_END -> "'%}'";
            case STRING -> "string '" + t.value() + "'";
            default -> "'" + t.value() + "'";
        };
    }

    static Map<String, Expr> newKwargs() {
        return new LinkedHashMap<>();
    }
}
