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

    /**
     * {@code text} if a model can take it, else an {@link InvalidInputException} naming it as
     * {@code what}: blank (see {@link #isBlank}), an unpaired surrogate, or more than
     * {@code maxLength} characters ({@code setting} names the limit, or is null).
     */
    public static String checked(String text, String what, int maxLength, String setting) {
        if (isBlank(text)) {
            throw new InvalidInputException(what + " must not be blank");
        }
        if (!isWellFormed(text)) {
            throw new InvalidInputException(what + " contains an unpaired surrogate (not valid Unicode)");
        }
        if (text.length() > maxLength) {
            throw new InvalidInputException(what + " is " + text.length() + " characters; at most " + maxLength
                    + " are accepted" + (setting == null ? "" : " (" + setting + ")"));
        }
        return text;
    }
}
