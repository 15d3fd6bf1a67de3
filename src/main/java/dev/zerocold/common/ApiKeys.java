package dev.zerocold.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.function.UnaryOperator;

/** The API key a request carries ({@code X-API-Key}, else {@code Authorization: Bearer}) and key digests. */
public final class ApiKeys {

    private static final String BEARER = "Bearer ";

    private ApiKeys() {
    }

    /**
     * The key of a request, or null when it has none.
     *
     * @param header reads a request header by name (null when absent)
     */
    public static String of(UnaryOperator<String> header) {
        String key = header.apply("X-API-Key");
        String authorization = header.apply("Authorization");
        if (key == null && authorization != null && authorization.startsWith(BEARER)) {
            key = authorization.substring(BEARER.length()).trim();
        }
        return key == null || key.isEmpty() ? null : key;
    }

    /** SHA-256 of a key: compared in constant time, kept instead of the key. */
    public static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A set of configured keys, kept only as digests: {@link #matches} compares a given key with
     * every one in constant time, so that neither which key nor its length leaks. Immutable.
     */
    public record Set(List<byte[]> digests) {

        /** The non-blank keys of a setting. */
        public static Set of(List<String> keys) {
            return new Set(keys.stream().filter(k -> !k.isBlank()).map(ApiKeys::digest).toList());
        }

        /** This set and {@code other}'s keys together. */
        public Set and(Set other) {
            return new Set(java.util.stream.Stream.concat(digests.stream(), other.digests.stream()).toList());
        }

        public boolean isEmpty() {
            return digests.isEmpty();
        }

        /** Whether {@code key} is one of the set's. */
        public boolean matches(String key) {
            byte[] digest = digest(key);
            boolean match = false;
            for (byte[] known : digests) {
                match |= MessageDigest.isEqual(digest, known);
            }
            return match;
        }
    }
}
