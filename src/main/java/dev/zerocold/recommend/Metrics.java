package dev.zerocold.recommend;

import java.util.Locale;

/**
 * Ranking quality at a cutoff, averaged over evaluated users.
 *
 * @param precision mean precision@cutoff
 * @param recall    mean recall@cutoff
 * @param ndcg      mean NDCG@cutoff with binary relevance
 * @param users     number of users averaged over
 */
public record Metrics(double precision, double recall, double ndcg, int users) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "P=%.4f R=%.4f NDCG=%.4f (users=%d)", precision, recall, ndcg, users);
    }
}
