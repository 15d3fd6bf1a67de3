package dev.zerocold.recommend.service;

import dev.zerocold.recommend.AlsSettings;
import dev.zerocold.recommend.FactorModel;
import dev.zerocold.recommend.Item;
import dev.zerocold.recommend.MovieLensData;
import dev.zerocold.recommend.Rating;
import dev.zerocold.recommend.Strength;
import dev.zerocold.recommend.TrainRecommender;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retraining gate on a small catalogue of five genres (trains in milliseconds), at the service's
 * tolerance: a candidate trained with genuinely useful interactions (fans of a genre nobody had
 * touched) is swapped in, one trained with a flood of random interactions (bot traffic) is kept out,
 * and the tolerance is exactly the largest NDCG@10 loss the gate accepts.
 */
class RetrainerTest {

    private static final AlsSettings SETTINGS = new AlsSettings(4, 1.0, 2.0, 5, 1, Strength.BINARY);
    /** The service's default {@code zerocold.recommend.retrain-tolerance}. */
    private static final double TOLERANCE = 0.0005;
    /** An NDCG@10 difference well beyond the tolerance: what "genuinely" better or worse means here. */
    private static final double BETTER_BY = 0.02;
    private static final double WORSE_BY = 0.05;
    private static final int GENRE_SIZE = 20;
    private static final int NEW_GENRE = 4;
    private static final int BASE_USERS = 80;
    private static final int FANS = 40;
    private static final int BOTS = 800;

    private static MovieLensData base;
    private static FactorModel serving;
    /** zoe's and user 1's interactions, then the new genre's fans. */
    private static List<Interaction> journal;
    /** Random interactions, four per bot: too few for a bot to be a holdout user itself. */
    private static List<Interaction> bots;

    /**
     * 100 items, genre g holding items 20g+1 .. 20g+20; 80 users, user u rating 10 items of genre
     * (u-1) % 4. Genre 4 (items 81-100) is new: no user has touched it.
     */
    @BeforeAll
    static void data() {
        Map<Integer, Item> movies = new TreeMap<>();
        for (int id = 1; id <= 5 * GENRE_SIZE; id++) {
            movies.put(id, new Item(id, "Movie " + id, List.of("G" + genre(id)), 0));
        }
        Random random = new Random(3);
        List<Rating> ratings = new ArrayList<>();
        for (int user = 1; user <= BASE_USERS; user++) {
            for (int t = 0; t < 10; t++) {
                ratings.add(new Rating(user, inGenre(tasteOf(user), random), 4, 1000L * user + t));
            }
        }
        base = new MovieLensData(ratings, movies);
        serving = TrainRecommender.train(SETTINGS, base, base.ratings());

        long time = 2_000_000_000L;
        journal = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            journal.add(new Interaction("zoe", 2 + 3 * t, null, time++));
        }
        journal.add(new Interaction("1", 5, 5.0f, time++));
        journal.add(new Interaction("1", 999, 5.0f, time++));   // not in the catalogue: ignored
        for (int fan = 0; fan < FANS; fan++) {
            for (int t = 0; t < 10; t++) {
                journal.add(new Interaction("fan-" + fan, inGenre(NEW_GENRE, random), null, time++));
            }
        }
        bots = new ArrayList<>();
        for (int bot = 0; bot < BOTS; bot++) {
            for (int t = 0; t < 4; t++) {
                bots.add(new Interaction("bot-" + bot, 1 + random.nextInt(5 * GENRE_SIZE), null, time++));
            }
        }
    }

    private static int genre(int itemId) {
        return (itemId - 1) / GENRE_SIZE;
    }

    private static int tasteOf(int user) {
        return (user - 1) % 4;
    }

    private static int inGenre(int genre, Random random) {
        return genre * GENRE_SIZE + 1 + random.nextInt(GENRE_SIZE);
    }

    @Test
    void aGenuinelyBetterCandidateIsSwappedInAndKnowsTheNewUsers() {
        Retrainer.Result result = new Retrainer(TOLERANCE).retrain(base, journal, serving, 0);
        assertEquals(Retrainer.Outcome.SWAPPED, result.outcome());
        assertTrue(result.candidateNdcg() > result.servingNdcg() + BETTER_BY,
                "NDCG@10 serving " + result.servingNdcg() + ", candidate " + result.candidateNdcg());
        assertTrue(result.servingNdcg() > 0 && result.candidateNdcg() < 1, result.toString());
        assertEquals(journal.size(), result.journalEntries());
        assertTrue(result.model().userIndex(-1) >= 0, "zoe should be a trained user");
        assertTrue(containsItem(result.model(), 1, 5), "user 1's new interaction should be trained on");
        assertEquals(6, result.model().history(result.model().userIndex(-1)).size());
        assertEquals(1 + FANS, result.namedUsers().size());
        assertEquals(-1, result.namedUsers().get("zoe"));
        assertEquals(-2, result.namedUsers().get("fan-0"));
    }

    @Test
    void aSwappedInModelServesNamedUsersByTheirOwnVector() {
        Retrainer.Result result = new Retrainer(TOLERANCE).retrain(base, journal, serving, 0);
        RecommenderModel model = new RecommenderModel(serving);
        assertFalse(model.servesUser("zoe"));
        assertTrue(model.servesUser("1"));
        RecommendQuery zoe = new RecommendQuery("zoe", 5, true, null, List.of());
        assertEquals(Recommendations.Strategy.POPULAR, model.predict(List.of(zoe)).get(0).value().strategy());

        model = new RecommenderModel(result.model(), result.journalEntries(), result.namedUsers());
        assertTrue(model.servesUser("zoe"));
        assertFalse(model.servesUser("nobody"));
        Recommendations served = model.predict(List.of(zoe)).get(0).value();
        assertEquals(Recommendations.Strategy.PERSONALIZED, served.strategy());
        // zoe rated items 2, 5, 8, 11, 14, 17 (genre 0): never returned, and her taste is genre 0.
        List<Integer> ids = served.items().stream().map(s -> s.item().id()).toList();
        assertEquals(5, ids.size());
        for (int id : ids) {
            assertTrue(genre(id) == 0 && !List.of(2, 5, 8, 11, 14, 17).contains(id), "recommended " + ids);
        }
        // A fan is recommended the genre the serving model had never seen.
        List<Integer> forFan = model.predict(List.of(new RecommendQuery("fan-0", 5, true, null, List.of())))
                .get(0).value().items().stream().map(s -> s.item().id()).toList();
        assertTrue(forFan.stream().allMatch(id -> genre(id) == NEW_GENRE), "recommended to a fan: " + forFan);
    }

    @Test
    void aGenuinelyWorseCandidateIsKept() {
        Retrainer.Result result = new Retrainer(TOLERANCE).retrain(base, bots, serving, 0);
        assertEquals(Retrainer.Outcome.KEPT, result.outcome());
        assertTrue(result.candidateNdcg() < result.servingNdcg() - WORSE_BY,
                "NDCG@10 serving " + result.servingNdcg() + ", candidate " + result.candidateNdcg());
        assertEquals(0, result.journalEntries(), "the serving watermark stays");
        assertNull(result.model());
        assertEquals(Map.of(), result.namedUsers());
    }

    /** The premise of {@link #aGenuinelyWorseCandidateIsKept}, checked without the gate's own evaluation. */
    @Test
    void theBotTrafficGenuinelyHurtsRealUsers() {
        List<Rating> polluted = new ArrayList<>(base.ratings());
        for (Interaction bot : bots) {
            polluted.add(bot.asRating(10_000 + Integer.parseInt(bot.userId().substring(4))));
        }
        double clean = inTasteShare(serving);
        double withBots = inTasteShare(TrainRecommender.train(SETTINGS, new MovieLensData(polluted, base.movies()),
                polluted));
        assertEquals(1.0, clean, "share of the real users' top 10 in their own genre, clean");
        assertTrue(withBots < 0.95, "share of the real users' top 10 in their own genre, trained with the bots: "
                + withBots);
    }

    @Test
    void theToleranceIsTheLargestLossAccepted() {
        Retrainer.Result kept = new Retrainer(TOLERANCE).retrain(base, bots, serving, 0);
        double loss = kept.servingNdcg() - kept.candidateNdcg();
        Retrainer.Result within = new Retrainer(loss + 1e-3).retrain(base, bots, serving, 0);
        assertEquals(Retrainer.Outcome.SWAPPED, within.outcome());
        assertEquals(bots.size(), within.journalEntries());
        Retrainer.Result beyond = new Retrainer(loss - 1e-3).retrain(base, bots, serving, 0);
        assertEquals(Retrainer.Outcome.KEPT, beyond.outcome());
        assertEquals(kept.candidateNdcg(), beyond.candidateNdcg(), "training and evaluation are deterministic");
    }

    @Test
    void nothingNewIsSkipped() {
        Retrainer.Result result = new Retrainer(TOLERANCE).retrain(base, journal, serving, journal.size());
        assertEquals(Retrainer.Outcome.SKIPPED, result.outcome());
        assertNull(result.model());
    }

    @Test
    void aCompactedJournalIsCountedBySequenceNumbers() {
        // As after compaction: entries numbered from 4 (earlier duplicates folded away); the fans come
        // after the first 8 entries, numbered 4..11.
        long[] seqs = new long[journal.size()];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = 4 + i;
        }
        long next = 4 + journal.size();
        JournalEntries compacted = new JournalEntries(journal, seqs, next);
        assertEquals(Retrainer.Outcome.SKIPPED,
                new Retrainer(TOLERANCE).retrain(base, compacted, serving, Math.toIntExact(next)).outcome());
        Retrainer.Result result = new Retrainer(TOLERANCE).retrain(base, compacted, serving, 12);
        assertEquals(Retrainer.Outcome.SWAPPED, result.outcome());
        assertEquals(next, result.journalEntries());  // the watermark, not the number of lines
        assertTrue(result.model().userIndex(-1) >= 0, "zoe should be a trained user");
    }

    /** The share of the base users' top 10 that lies in their own genre. */
    private static double inTasteShare(FactorModel factors) {
        RecommenderModel model = new RecommenderModel(factors);
        int inTaste = 0;
        int total = 0;
        for (int user = 1; user <= BASE_USERS; user++) {
            Recommendations served = model.predict(List.of(new RecommendQuery(String.valueOf(user), 10, true, null,
                    List.of()))).get(0).value();
            for (var scored : served.items()) {
                total++;
                inTaste += genre(scored.item().id()) == tasteOf(user) ? 1 : 0;
            }
        }
        return (double) inTaste / total;
    }

    private static boolean containsItem(FactorModel model, int userId, int itemId) {
        int item = model.itemIndex(itemId);
        for (int i : model.history(model.userIndex(userId)).items()) {
            if (i == item) {
                return true;
            }
        }
        return false;
    }
}
