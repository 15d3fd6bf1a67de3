package dev.zerocold.recommend.service;

import dev.zerocold.recommend.Rating;
import dev.zerocold.recommend.Strength;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One accepted interaction: a user interacted with (and optionally rated) an item. Immutable.
 *
 * @param userId          external user id, as sent by the client
 * @param itemId          catalogue item id
 * @param rating          stars 0.5..5.0, or null for an implicit interaction (counts as one observation)
 * @param timestampMillis when it was accepted, epoch milliseconds
 */
public record Interaction(String userId, int itemId, Float rating, long timestampMillis) {

    /** Accepted user ids: up to 64 characters without spaces, tabs or line breaks. */
    public static final String USER_ID_REGEX = "[A-Za-z0-9._:@-]{1,64}";
    /** What a request is told when its user id does not match {@link #USER_ID_REGEX}. */
    public static final String USER_ID_RULE = "must be 1 to 64 letters, digits or ._:@-";
    public static final Pattern USER_ID = Pattern.compile(USER_ID_REGEX);

    private static final Pattern NUMERIC = Pattern.compile("0|[1-9][0-9]{0,8}");  // one spelling per id

    public Interaction {
        Objects.requireNonNull(userId, "userId");
        if (!USER_ID.matcher(userId).matches()) {
            throw new IllegalArgumentException("bad user id: " + userId);
        }
    }

    /** A user or item id in a model's integer id space (MovieLens ids), or -1 when it is not a plain number. */
    public static int numericId(String userId) {
        return NUMERIC.matcher(userId).matches() ? Integer.parseInt(userId) : -1;
    }

    /** The strength this interaction has for a model trained with {@code strength}. */
    public float strength(Strength strength) {
        return rating == null ? 1f : (float) strength.of(asRating(0));
    }

    /** As a training event of {@code modelUserId}; an implicit interaction becomes a 1-star event. */
    public Rating asRating(int modelUserId) {
        return new Rating(modelUserId, itemId, rating == null ? 1f : rating, timestampMillis / 1000);
    }
}
