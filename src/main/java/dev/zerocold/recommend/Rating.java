package dev.zerocold.recommend;

/**
 * One explicit rating event: a user rated an item at a point in time.
 *
 * @param userId    external user id
 * @param itemId    external item id
 * @param rating    rating value (MovieLens: 0.5 to 5.0 stars)
 * @param timestamp seconds since the Unix epoch
 */
public record Rating(int userId, int itemId, float rating, long timestamp) {
}
