package dev.zerocold.generation.model.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits template source into tokens: literal text, the tag delimiters, and the expression tokens inside tags.
 * Applies whitespace control ({@code {%- -%} {{- -}}}), drops comments, passes {@code {% raw %}} bodies through,
 * and behaves as an environment with {@code trim_blocks} and {@code lstrip_blocks} on (a newline right after a block
 * or comment tag is dropped; spaces and tabs from a line start up to a block or comment tag are dropped), with the
 * default of removing one trailing newline from the source.
 */
final class Lexer {

    enum Type { TEXT, VAR_BEGIN, VAR_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INT, FLOAT, OP, EOF }

    record Token(Type type, String value, int line) {
        boolean is(Type t, String v) {
            return type == t && value.equals(v);
        }
    }

    private static final String[] OPERATORS = {"//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~",
            "(", ")", "[", "]", "{", "}", ",", ".", ":", "|", "=", "<", ">"};
    private static final Pattern END_RAW = Pattern.compile("\\{%([-+]?)\\s*endraw\\s*([-+]?)%}");

    private final String src;
    private final List<Token> out = new ArrayList<>();
    private int pos;
    private boolean lineStarting = true;
    private int lineCursor;
    private int lineAtCursor = 1;

    private Lexer(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        this.src = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    static List<Token> tokenize(String source) {
        Lexer lexer = new Lexer(source);
        lexer.run();
        return lexer.out;
    }

    private void run() {
        while (true) {
            int open = findOpen(pos);
            String text = src.substring(pos, open < 0 ? src.length() : open);
            int textStart = pos;
            if (open < 0) {
                emitText(text, textStart);
                break;
            }
            char kind = src.charAt(open + 1);
            char mod = open + 2 < src.length() ? src.charAt(open + 2) : 0;
            if (mod == '-') {
                text = stripTrailing(text);
            } else if (kind != '{' && mod != '+') {
                text = lstripBlock(text);
            }
            emitText(text, textStart);
            pos = open + 2 + (mod == '-' || mod == '+' ? 1 : 0);
            if (kind == '#') {
                comment(open);
            } else {
                tag(kind == '{', open);
            }
        }
        out.add(new Token(Type.EOF, "", line(src.length())));
    }

    private int findOpen(int from) {
        for (int i = src.indexOf('{', from); i >= 0 && i + 1 < src.length(); i = src.indexOf('{', i + 1)) {
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    private void emitText(String text, int at) {
        if (!text.isEmpty()) {
            out.add(new Token(Type.TEXT, text, line(at)));
        }
    }

    /** lstrip_blocks: drop spaces and tabs between a line start and a block tag. */
    private String lstripBlock(String text) {
        int lineStart = text.lastIndexOf('\n') + 1;
        if (lineStart > 0 || lineStarting) {
            for (int i = lineStart; i < text.length(); i++) {
                if (text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                    return text;
                }
            }
            return text.substring(0, lineStart);
        }
        return text;
    }

    private void comment(int open) {
        int end = src.indexOf("#}", pos);
        if (end < 0) {
            throw new ChatTemplateException("unclosed comment opened on line " + line(open));
        }
        char mod = end > pos ? src.charAt(end - 1) : 0;
        pos = end + 2;
        afterTagEnd(mod, true);
    }

    /** What follows a tag's end: '-' strips all whitespace, '+' nothing, else trim_blocks drops one newline (blocks). */
    private void afterTagEnd(char mod, boolean block) {
        int before = pos;
        if (mod == '-') {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                pos++;
            }
        } else if (block && mod != '+' && pos < src.length() && src.charAt(pos) == '\n') {
            pos++;
        }
        lineStarting = pos > before && src.charAt(pos - 1) == '\n';
    }

    private void tag(boolean variable, int open) {
        int startLine = line(open);
        out.add(new Token(variable ? Type.VAR_BEGIN : Type.BLOCK_BEGIN, "", startLine));
        String close = variable ? "}}" : "%}";
        int depth = 0;
        while (true) {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                pos++;
            }
            if (pos >= src.length()) {
                throw new ChatTemplateException((depth > 0 ? "unclosed bracket in '" : "unclosed '")
                        + (variable ? "{{" : "{%") + "' opened on line " + startLine);
            }
            if (depth == 0) {
                char c = src.charAt(pos);
                boolean modified = (c == '-' || (c == '+' && !variable)) && src.startsWith(close, pos + 1);
                if (modified || src.startsWith(close, pos)) {
                    boolean raw = !variable && out.size() >= 2 && out.get(out.size() - 1).is(Type.NAME, "raw")
                            && out.get(out.size() - 2).type() == Type.BLOCK_BEGIN;
                    out.add(new Token(variable ? Type.VAR_END : Type.BLOCK_END, "", line(pos)));
                    pos += close.length() + (modified ? 1 : 0);
                    afterTagEnd(modified ? c : 0, !variable && !raw);
                    if (raw) {
                        rawBlock();
                    }
                    return;
                }
            }
            depth += expressionToken();
            depth = Math.max(depth, 0);
        }
    }

    /** Lexes one expression token; returns +1/-1 for an opening/closing bracket, else 0. */
    private int expressionToken() {
        char c = src.charAt(pos);
        int at = pos;
        if (Character.isLetter(c) || c == '_') {
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            out.add(new Token(Type.NAME, src.substring(at, pos), line(at)));
            return 0;
        }
        if (Character.isDigit(c)) {
            return number(at);
        }
        if (c == '\'' || c == '"') {
            out.add(new Token(Type.STRING, string(c), line(at)));
            return 0;
        }
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                out.add(new Token(Type.OP, op, line(at)));
                return "([{".contains(op) ? 1 : ")]}".contains(op) ? -1 : 0;
            }
        }
        throw new ChatTemplateException("unexpected character '" + c + "' on line " + line(at));
    }

    private int number(int at) {
        boolean isFloat = false;
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
        if (pos + 1 < src.length() && src.charAt(pos) == '.' && Character.isDigit(src.charAt(pos + 1))) {
            isFloat = true;
            pos++;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                isFloat = true;
                while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        out.add(new Token(isFloat ? Type.FLOAT : Type.INT, src.substring(at, pos).replace("_", ""), line(at)));
        return 0;
    }

    private String string(char quote) {
        int start = pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < src.length()) {
            char c = src.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c != '\\' || pos >= src.length()) {
                sb.append(c);
                continue;
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case '0' -> sb.append('\0');
                case '\\', '\'', '"' -> sb.append(e);
                case '\n' -> { }
                case 'x', 'u' -> {
                    int len = e == 'x' ? 2 : 4;
                    if (pos + len > src.length()) {
                        throw new ChatTemplateException("bad \\" + e + " escape on line " + line(start));
                    }
                    try {
                        sb.append((char) Integer.parseInt(src.substring(pos, pos + len), 16));
                    } catch (NumberFormatException ex) {
                        throw new ChatTemplateException("bad \\" + e + " escape on line " + line(start));
                    }
                    pos += len;
                }
                default -> sb.append('\\').append(e);
            }
        }
        throw new ChatTemplateException("unclosed string literal on line " + line(start));
    }

    /** After {% raw %} (no newline trimmed): the text up to {% endraw %} is literal. */
    private void rawBlock() {
        int n = out.size();
        int line = out.get(n - 3).line();
        out.subList(n - 3, n).clear();
        Matcher m = END_RAW.matcher(src);
        if (!m.find(pos)) {
            throw new ChatTemplateException("unclosed '{% raw %}' opened on line " + line);
        }
        String text = src.substring(pos, m.start());
        if (m.group(1).equals("-")) {
            text = stripTrailing(text);
        } else if (m.group(1).isEmpty()) {
            text = lstripBlock(text);
        }
        emitText(text, pos);
        pos = m.end();
        afterTagEnd(m.group(2).isEmpty() ? 0 : m.group(2).charAt(0), true);
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    private int line(int at) {
        if (at < lineCursor) {
            lineCursor = 0;
            lineAtCursor = 1;
        }
        for (; lineCursor < at && lineCursor < src.length(); lineCursor++) {
            if (src.charAt(lineCursor) == '\n') {
                lineAtCursor++;
            }
        }
        return lineAtCursor;
    }
}
