package dev.zerocold.runtime.serving;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of a prediction's canonical input (the trimmed text, the encoded image bytes): the
 * part of a cache key that stands for the input. A cryptographic hash, so that nobody can craft an
 * input that collides with another user's and be served its cached answer. Immutable.
 */
public record InputDigest(long a, long b, long c, long d) {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    public static InputDigest of(byte[] bytes) {
        MessageDigest sha = SHA256.get();
        ByteBuffer hash = ByteBuffer.wrap(sha.digest(bytes));
        return new InputDigest(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
    }

    public static InputDigest of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }
}
