package dev.zerocold.recommend.service;

import dev.zerocold.recommend.AlsSettings;
import dev.zerocold.recommend.Evaluation;
import dev.zerocold.recommend.FactorModel;
import dev.zerocold.recommend.Holdout;
import dev.zerocold.recommend.MovieLensData;
import dev.zerocold.recommend.Rating;
import dev.zerocold.recommend.TrainRecommender;
import dev.zerocold.recommend.UserHistory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether journal interactions make a better model. With {@code S} the data the serving
 * model was trained on (base ratings plus the first {@code servingEntries} journal entries) and
 * {@code N} the journal entries since, both are split by {@link Evaluation#split} over {@code S + N}
 * (per-user temporal holdout); one model is trained on the training part without {@code N}
 * ("serving"), one with it ("candidate"), with the serving model's settings, and both are scored by
 * NDCG@10 on the same held-out items, each test user folded in from their training part as the
 * service folds in users with new interactions. If the candidate is not worse (within {@code tolerance}) a
 * model is trained on all of {@code S + N} and returned for swapping in.
 *
 * <p>Journal users with numeric ids keep them (they are MovieLens-style ids); other ids get
 * negative ids -1, -2, … in order of first appearance in the journal, which the result lists so
 * that the served model can find them. Stateless and thread-safe.
 */
public final class Retrainer {

    /** What a retraining did. */
    public enum Outcome {
        /** A new model was trained and should serve. */
        SWAPPED,
        /** The candidate scored worse than the serving data; nothing changes. */
        KEPT,
        /** No journal entries since the serving model was trained. */
        SKIPPED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param model          the model to swap in ({@link Outcome#SWAPPED} only, else null)
     * @param journalEntries the journal watermark of the returned model: every entry numbered below it
     * @param namedUsers     the model's ids for journal users without a numeric id (empty unless swapped)
     */
    public record Result(Outcome outcome, double servingNdcg, double candidateNdcg, int journalEntries,
                         FactorModel model, Map<String, Integer> namedUsers) {

        public Result {
            namedUsers = Map.copyOf(namedUsers);
        }
    }

    private final double tolerance;

    public Retrainer(double tolerance) {
        this.tolerance = tolerance;
    }

    public Result retrain(MovieLensData base, List<Interaction> journal, FactorModel serving, int servingEntries) {
        return retrain(base, JournalEntries.of(journal), serving, servingEntries);
    }

    /**
     * Retrains on the base data and the journal; entries numbered below {@code servingEntries} (the
     * serving model's watermark) are known to the serving model, the others are fresh.
     */
    public Result retrain(MovieLensData base, JournalEntries entries, FactorModel serving, int servingEntries) {
        if (entries.next() <= servingEntries) {
            return new Result(Outcome.SKIPPED, Double.NaN, Double.NaN, servingEntries, null, Map.of());
        }
        List<Interaction> journal = entries.entries();
        int split = entries.countBelow(servingEntries);
        Map<String, Integer> namedUsers = namedUsers(journal);
        List<Rating> converted = ratings(base, journal, namedUsers);
        List<Rating> known = nonNull(converted.subList(0, split));
        List<Rating> fresh = nonNull(converted.subList(split, converted.size()));
        List<Rating> all = new ArrayList<>(known.size() + fresh.size());
        all.addAll(base.ratings());
        all.addAll(known);
        all.addAll(fresh);
        MovieLensData data = new MovieLensData(all, base.movies());
        AlsSettings settings = serving.settings();

        Holdout holdout = Evaluation.split(all);
        Set<Rating> freshSet = Collections.newSetFromMap(new IdentityHashMap<>());
        freshSet.addAll(fresh);
        List<Rating> servingTrain = holdout.train().stream().filter(r -> !freshSet.contains(r)).toList();
        double servingNdcg = ndcg(holdout, TrainRecommender.train(settings, data, servingTrain));
        double candidateNdcg = ndcg(holdout, TrainRecommender.train(settings, data, holdout.train()));
        if (candidateNdcg < servingNdcg - tolerance) {
            return new Result(Outcome.KEPT, servingNdcg, candidateNdcg, servingEntries, null, Map.of());
        }
        return new Result(Outcome.SWAPPED, servingNdcg, candidateNdcg, Math.toIntExact(entries.next()),
                TrainRecommender.train(settings, data, all), namedUsers);
    }

    /**
     * NDCG@10 with every test user's vector folded in from their holdout training events, as the
     * service does for users with new interactions; both models are scored the same way.
     */
    private static double ndcg(Holdout holdout, FactorModel model) {
        Map<Integer, List<Rating>> byUser = new HashMap<>();
        for (Rating r : holdout.train()) {
            byUser.computeIfAbsent(r.userId(), u -> new ArrayList<>()).add(r);
        }
        Map<Integer, UserHistory> train = new HashMap<>();
        byUser.forEach((user, ratings) -> {
            int[] items = new int[ratings.size()];
            float[] strengths = new float[ratings.size()];
            int n = 0;
            for (Rating r : ratings) {
                int item = model.itemIndex(r.itemId());
                if (item >= 0) {
                    items[n] = item;
                    strengths[n++] = (float) model.settings().strength().of(r);
                }
            }
            train.put(user, UserHistory.distinct(Arrays.copyOf(items, n), Arrays.copyOf(strengths, n)));
        });
        Evaluation.Ranker ranker = (userId, n, exclude) -> {
            UserHistory seen = train.getOrDefault(userId, UserHistory.EMPTY);
            int[] items = seen.items();
            BitSet candidates = model.candidates(null);
            for (int item : items) {
                candidates.clear(item);
            }
            return model.topN(model.foldIn(items, seen.strengths()), n, candidates).stream()
                    .map(s -> s.item().id()).toList();
        };
        return Evaluation.evaluate(holdout, ranker, Evaluation.CUTOFF).ndcg();
    }

    /** Ids -1, -2, … for the journal's users without a numeric id, in order of first appearance. */
    private static Map<String, Integer> namedUsers(List<Interaction> entries) {
        Map<String, Integer> named = new HashMap<>();
        for (Interaction e : entries) {
            if (Interaction.numericId(e.userId()) < 0) {
                named.computeIfAbsent(e.userId(), id -> -1 - named.size());
            }
        }
        return named;
    }

    /** One training event per journal entry, null where the item is outside the catalogue. */
    private static List<Rating> ratings(MovieLensData base, List<Interaction> entries, Map<String, Integer> namedUsers) {
        List<Rating> out = new ArrayList<>(entries.size());
        for (Interaction e : entries) {
            int user = Interaction.numericId(e.userId());
            if (user < 0) {
                user = namedUsers.get(e.userId());
            }
            out.add(base.movies().containsKey(e.itemId()) ? e.asRating(user) : null);
        }
        return out;
    }

    private static List<Rating> nonNull(List<Rating> ratings) {
        return ratings.stream().filter(java.util.Objects::nonNull).toList();
    }
}
