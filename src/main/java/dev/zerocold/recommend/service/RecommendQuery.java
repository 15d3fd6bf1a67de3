package dev.zerocold.recommend.service;

import java.util.List;

/**
 * One input of the recommender model.
 *
 * @param userId      external user id
 * @param limit       most items returned
 * @param excludeSeen leave out items the user has interacted with (in training or since)
 * @param category    genre filter, or null for every genre
 * @param recent      the user's interactions newer than the model's training data; folded in
 */
public record RecommendQuery(String userId, int limit, boolean excludeSeen, String category,
                             List<Interaction> recent) {

    public RecommendQuery {
        recent = List.copyOf(recent);
    }
}
