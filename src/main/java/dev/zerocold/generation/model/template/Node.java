package dev.zerocold.generation.model.template;

import java.util.List;
import java.util.Map;

/** The parsed template tree: statements ({@link Stmt}) and expressions ({@link Expr}), all immutable records. */
final class Node {

    private Node() {
    }

    /** A statement: renders text and/or changes variables. */
    sealed interface Stmt permits Text, Output, If, For, Set, SetBlock, Break, Continue, Group {
    }

    /** An expression, evaluated to a value. */
    sealed interface Expr permits Const, Var, Attr, Item, Slice, ListLit, DictLit, Unary, Binary, Compare, Cond,
            Filter, Test, Call {
    }

    record Text(String text) implements Stmt {
    }

    record Output(Expr expr, int line) implements Stmt {
    }

    record Branch(Expr condition, List<Stmt> body) {
    }

    record If(List<Branch> branches, List<Stmt> otherwise) implements Stmt {
    }

    /** {@code for targets in iterable [if filter]}; several targets unpack each item. */
    record For(List<String> targets, Expr iterable, Expr filter, List<Stmt> body, List<Stmt> otherwise, int line)
            implements Stmt {
    }

    /** {@code set name = value}, or {@code set name.attribute = value} when attribute is not null. */
    record Set(String name, String attribute, Expr value, int line) implements Stmt {
    }

    /** {@code set name}...{@code endset}: captures the rendered body. */
    record SetBlock(String name, List<Stmt> body) implements Stmt {
    }

    record Break() implements Stmt {
    }

    record Continue() implements Stmt {
    }

    /** A body rendered as is ({@code generation} blocks). */
    record Group(List<Stmt> body) implements Stmt {
    }

    record Const(Object value) implements Expr {
    }

    record Var(String name) implements Expr {
    }

    record Attr(Expr target, String name) implements Expr {
    }

    record Item(Expr target, Expr key) implements Expr {
    }

    /** {@code target[start:stop:step]}; absent parts are null. */
    record Slice(Expr target, Expr start, Expr stop, Expr step) implements Expr {
    }

    /** A list or tuple literal. */
    record ListLit(List<Expr> items, boolean tuple) implements Expr {
    }

    record DictLit(List<Expr> keys, List<Expr> values) implements Expr {
    }

    /** {@code -x}, {@code +x}, {@code not x}. */
    record Unary(String op, Expr operand, int line) implements Expr {
    }

    /** Arithmetic, {@code ~}, {@code and}, {@code or}. */
    record Binary(String op, Expr left, Expr right, int line) implements Expr {
    }

    /** A comparison chain {@code first op1 rest1 op2 rest2 ...}; ops include {@code in} and {@code notin}. */
    record Compare(Expr first, List<String> ops, List<Expr> rest, int line) implements Expr {
    }

    /** {@code then if condition else otherwise}; otherwise may be null (undefined). */
    record Cond(Expr condition, Expr then, Expr otherwise) implements Expr {
    }

    record Filter(Expr value, String name, List<Expr> args, Map<String, Expr> kwargs, int line) implements Expr {
    }

    record Test(Expr value, String name, List<Expr> args, boolean negated, int line) implements Expr {
    }

    record Call(Expr callee, List<Expr> args, Map<String, Expr> kwargs, int line) implements Expr {
    }
}
