package dev.zerocold.recommend.service;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.recommend.FactorModel;
import dev.zerocold.recommend.UserHistory;
import dev.zerocold.runtime.ItemResult;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.Signature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The served recommender ({@code framework: java, task: recommend}): personalised top-N from a
 * {@link FactorModel}, popularity for cold users. A user with interactions newer than the factors
 * gets a vector folded in from their training history plus those interactions (item factors
 * fixed), and all of them count as seen. Retraining makes a new model version
 * ({@link RetrainJob#publish}); this one never changes.
 *
 * <p>Immutable and thread-safe: the factors and what they were trained on form one {@link Snapshot}.
 */
public final class RecommenderModel implements Model<RecommendQuery, Recommendations> {

    /** A query in, its recommendations out. */
    public static final Signature<RecommendQuery, Recommendations> SIGNATURE =
            new Signature<>(RecommendQuery.class, Recommendations.class);

    /**
     * What serves now.
     *
     * @param factors        the trained model
     * @param journalEntries its journal watermark: it was trained on every entry numbered below it
     *                       ({@link JournalEntries}; the count of entries for a journal never compacted)
     * @param namedUsers     the model's ids for users without a numeric id (see {@link Retrainer})
     */
    public record Snapshot(FactorModel factors, int journalEntries, Map<String, Integer> namedUsers) {

        public Snapshot {
            Objects.requireNonNull(factors, "factors");
            namedUsers = Map.copyOf(namedUsers);
        }

        /** The model's index of a user: by numeric id, else by the id retraining gave a named user; -1 if unknown. */
        int userIndex(String userId) {
            int numericId = Interaction.numericId(userId);
            Integer id = numericId >= 0 ? Integer.valueOf(numericId) : namedUsers.get(userId);
            return id == null ? -1 : factors.userIndex(id);
        }
    }

    private final Snapshot current;

    public RecommenderModel(FactorModel factors) {
        this(factors, 0, Map.of());
    }

    /** A model retrained on the journal entries numbered below {@code journalEntries} (see {@link TrainedVersions}). */
    public RecommenderModel(FactorModel factors, int journalEntries, Map<String, Integer> namedUsers) {
        this.current = new Snapshot(factors, journalEntries, namedUsers);
    }

    public Snapshot current() {
        return current;
    }

    /** True if the serving factors include a trained vector for {@code userId}. */
    public boolean servesUser(String userId) {
        return current.userIndex(userId) >= 0;
    }

    /** True if {@code itemId} is in the catalogue. */
    public boolean knowsItem(int itemId) {
        return current.factors().itemIndex(itemId) >= 0;
    }

    @Override
    public Signature<RecommendQuery, Recommendations> signature() {
        return SIGNATURE;
    }

    /** Each query on its own: one with an unknown category fails alone. */
    @Override
    public List<ItemResult<Recommendations>> predict(List<RecommendQuery> queries) {
        Snapshot snapshot = current;
        List<ItemResult<Recommendations>> out = new ArrayList<>(queries.size());
        for (RecommendQuery query : queries) {
            try {
                out.add(ItemResult.ok(recommend(snapshot, query)));
            } catch (InvalidInputException e) {
                out.add(ItemResult.failed(e));
            }
        }
        return out;
    }

    private static Recommendations recommend(Snapshot snapshot, RecommendQuery query) {
        FactorModel model = snapshot.factors();
        String category = query.category() == null || query.category().isBlank() ? null : query.category().trim();
        if (category != null && !model.genres().contains(category)) {
            throw new InvalidInputException("unknown category '" + category + "'; valid categories: "
                    + String.join(", ", model.genres()));
        }
        BitSet candidates = model.candidates(category);
        int user = snapshot.userIndex(query.userId());
        UserHistory seen = seen(model, user, query.recent());
        if (seen.size() == 0) {
            return new Recommendations(model.popular(query.limit(), candidates), Recommendations.Strategy.POPULAR);
        }
        int[] seenItems = seen.items();
        float[] vector = user >= 0 && query.recent().isEmpty()
                ? model.userVector(user) : model.foldIn(seenItems, seen.strengths());
        if (query.excludeSeen()) {
            for (int item : seenItems) {
                candidates.clear(item);
            }
        }
        return new Recommendations(model.topN(vector, query.limit(), candidates), Recommendations.Strategy.PERSONALIZED);
    }

    /** The training history plus the recent interactions with catalogue items, each item once (strongest kept). */
    private static UserHistory seen(FactorModel model, int user, List<Interaction> recent) {
        UserHistory history = user >= 0 ? model.history(user) : UserHistory.EMPTY;
        if (recent.isEmpty()) {
            return history;
        }
        int[] items = Arrays.copyOf(history.items(), history.size() + recent.size());
        float[] strengths = Arrays.copyOf(history.strengths(), items.length);
        int n = history.size();
        for (Interaction interaction : recent) {
            int item = model.itemIndex(interaction.itemId());
            if (item >= 0) {
                items[n] = item;
                strengths[n++] = interaction.strength(model.settings().strength());
            }
        }
        return UserHistory.distinct(Arrays.copyOf(items, n), Arrays.copyOf(strengths, n));
    }
}
