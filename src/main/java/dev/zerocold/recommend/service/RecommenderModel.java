package dev.zerocold.recommend.service;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.recommend.FactorModel;
import dev.zerocold.recommend.Item;
import dev.zerocold.recommend.ScoredItem;
import dev.zerocold.recommend.UserHistory;
import dev.zerocold.runtime.Model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The served recommender ({@code framework: java, task: recommend}): personalised top-N from a
 * {@link FactorModel}, popularity for cold users. A user with interactions newer than the factors
 * gets a vector folded in from their training history plus those interactions (item factors
 * fixed), and all of them count as seen. Retraining replaces the factors with {@link #swap}.
 *
 * <p>Thread-safe: the factors and what they were trained on form one immutable {@link Snapshot}
 * held in a volatile field; each query reads it once, so a swap never mixes two models in one answer.
 */
public final class RecommenderModel implements Model<RecommendQuery, Recommendations> {

    /**
     * What serves now.
     *
     * @param factors        the trained model
     * @param journalEntries how many journal entries (from the start) its training data included
     * @param genres         every genre of the catalogue, sorted case-insensitively
     */
    public record Snapshot(FactorModel factors, int journalEntries, Set<String> genres) {

        static Snapshot of(FactorModel factors, int journalEntries) {
            Set<String> genres = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            factors.items().forEach(item -> genres.addAll(item.genres()));
            return new Snapshot(factors, journalEntries, java.util.Collections.unmodifiableSet(genres));
        }
    }

    private volatile Snapshot current;

    public RecommenderModel(FactorModel factors) {
        this.current = Snapshot.of(Objects.requireNonNull(factors, "factors"), 0);
    }

    public Snapshot current() {
        return current;
    }

    /** Serves {@code factors} from now on; requests in flight finish on the previous snapshot. */
    public void swap(FactorModel factors, int journalEntries) {
        current = Snapshot.of(Objects.requireNonNull(factors, "factors"), journalEntries);
    }

    /** True if {@code itemId} is in the catalogue. */
    public boolean knowsItem(int itemId) {
        return current.factors().itemIndex(itemId) >= 0;
    }

    @Override
    public List<Recommendations> predict(List<RecommendQuery> queries) {
        Snapshot snapshot = current;
        List<Recommendations> out = new ArrayList<>(queries.size());
        for (RecommendQuery query : queries) {
            out.add(recommend(snapshot, query));
        }
        return out;
    }

    private static Recommendations recommend(Snapshot snapshot, RecommendQuery query) {
        FactorModel model = snapshot.factors();
        String category = query.category() == null || query.category().isBlank() ? null : query.category().trim();
        if (category != null && !snapshot.genres().contains(category)) {
            throw new InvalidInputException("unknown category '" + category + "'; valid categories: "
                    + String.join(", ", snapshot.genres()));
        }
        Predicate<Item> filter = FactorModel.genre(category);
        int numericId = Interaction.numericId(query.userId());
        int user = numericId < 0 ? -1 : model.userIndex(numericId);
        Map<Integer, Float> seen = seen(model, user, query.recent());
        if (seen.isEmpty()) {
            return new Recommendations(model.popular(query.limit(), Set.of(), filter), Recommendations.Strategy.POPULAR);
        }
        float[] vector = user >= 0 && query.recent().isEmpty() ? model.userVector(user) : foldIn(model, seen);
        Set<Integer> exclude = query.excludeSeen() ? seen.keySet() : Set.of();
        List<ScoredItem> items = model.topN(vector, query.limit(), exclude, filter);
        return new Recommendations(items, Recommendations.Strategy.PERSONALIZED);
    }

    /** Item index to strength over the training history and the recent interactions (strongest kept). */
    private static Map<Integer, Float> seen(FactorModel model, int user, List<Interaction> recent) {
        Map<Integer, Float> seen = new TreeMap<>();
        if (user >= 0) {
            UserHistory history = model.history(user);
            int[] items = history.items();
            float[] strengths = history.strengths();
            for (int n = 0; n < items.length; n++) {
                seen.put(items[n], strengths[n]);
            }
        }
        for (Interaction interaction : recent) {
            int item = model.itemIndex(interaction.itemId());
            if (item >= 0) {
                seen.merge(item, interaction.strength(model.settings().strength()), Math::max);
            }
        }
        return seen;
    }

    private static float[] foldIn(FactorModel model, Map<Integer, Float> seen) {
        int[] items = new int[seen.size()];
        float[] strengths = new float[seen.size()];
        int n = 0;
        for (Map.Entry<Integer, Float> e : seen.entrySet()) {
            items[n] = e.getKey();
            strengths[n++] = e.getValue();
        }
        return model.foldIn(items, strengths);
    }
}
