package dev.zerocold.recommend.service;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.zerocold.recommend.ScoredItem;

import java.util.List;
import java.util.Locale;

/** The recommender model's answer to one {@link RecommendQuery}: items best first, and how they were chosen. */
public record Recommendations(List<ScoredItem> items, Strategy strategy) {

    public Recommendations {
        items = List.copyOf(items);
    }

    /** {@code personalized} for users with a vector (trained or folded in), {@code popular} for cold users. */
    public enum Strategy {
        PERSONALIZED, POPULAR;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
