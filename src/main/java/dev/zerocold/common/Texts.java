package dev.zerocold.common;

/** Rules for request text shared by every endpoint that takes text. */
public final class Texts {

    private Texts() {
    }

    /** False if {@code text} holds a lone UTF-16 surrogate (such as U+D800 sent alone), which is no character. */
    public static boolean isWellFormed(String text) {
        return text.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE);
    }

    /**
     * True if {@code text} has nothing to read: null, empty, or only whitespace, control characters
     * (a lone NUL) and invisible format characters (zero-width space, byte-order mark).
     */
    public static boolean isBlank(String text) {
        if (text == null) {
            return true;
        }
        return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
    }
}
