package dev.zerocold.recommend;

import java.util.List;
import java.util.Objects;

/**
 * Catalogue metadata of one recommendable item. Immutable.
 *
 * @param id         external item id
 * @param title      display title, possibly empty when the source has none
 * @param genres     genre names, empty when unknown
 * @param popularity number of interactions the item had in the model's training data
 */
public record Item(int id, String title, List<String> genres, int popularity) {

    public Item {
        Objects.requireNonNull(title, "title");
        genres = List.copyOf(genres);
        if (popularity < 0) {
            throw new IllegalArgumentException("popularity must be >= 0: " + popularity);
        }
    }

    /** Returns whether the item is tagged with {@code genre} (case-insensitive). */
    public boolean hasGenre(String genre) {
        return genres.stream().anyMatch(g -> g.equalsIgnoreCase(genre));
    }

    /** Returns a copy of this item with another popularity. */
    public Item withPopularity(int newPopularity) {
        return new Item(id, title, genres, newPopularity);
    }
}
