package dev.zerocold.recommend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * End-to-end checks on MovieLens and the committed {@code models/recommender/1/}: holdout quality,
 * reproducibility of the artifact, and fold-in behaviour. Trains twice (about 10 s of CPU).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecommenderQualityTest {

    private MovieLensData data;
    private AlsSettings settings;
    private FactorModel committed;
    private EvaluationReport recorded;
    private EvaluationReport fresh;

    @BeforeAll
    void trainAndEvaluate() throws IOException {
        data = MovieLensData.load(MovieLensData.DEFAULT_DIR);
        settings = ModelCard.settings(FactorModelStore.readCard(TrainRecommender.MODEL_DIR));
        committed = FactorModelStore.read(TrainRecommender.MODEL_DIR);
        recorded = FactorModelStore.readReport(TrainRecommender.MODEL_DIR);
        fresh = TrainRecommender.evaluate(settings, data);
        System.out.printf(Locale.ROOT, "%s%n  model      %s%n  popularity %s%n  NDCG@10 lift %.3f, training %.1f s%n",
                settings, fresh.model(), fresh.popularity(), fresh.ndcgLift(), fresh.trainingSeconds());
    }

    @Test
    void modelBeatsPopularityOnHoldout() {
        assertEquals(671, fresh.model().users());
        assertTrue(fresh.model().ndcg() >= 1.2 * fresh.popularity().ndcg(), "NDCG@10 lift " + fresh.ndcgLift());
        assertTrue(fresh.model().precision() > fresh.popularity().precision());
        assertTrue(fresh.model().recall() > fresh.popularity().recall());
    }

    @Test
    void holdoutFiguresMatchMetricsJson() {
        assertEquals(recorded.trainRatings(), fresh.trainRatings());
        assertMetricsEqual(recorded.model(), fresh.model());
        assertMetricsEqual(recorded.popularity(), fresh.popularity());
    }

    @Test
    void committedModelIsReproducedByTrainingOnAllRatings() {
        assertEquals(AlsSettings.DEFAULT, committed.settings(), "model.yaml differs from TrainRecommender's settings");
        FactorModel retrained = TrainRecommender.train(settings, data, data.ratings());
        assertEquals(retrained.items(), committed.items());
        assertEquals(retrained.userCount(), committed.userCount());
        for (int u = 0; u < committed.userCount(); u++) {
            assertEquals(retrained.userId(u), committed.userId(u));
            assertArrayEquals(retrained.history(u).items(), committed.history(u).items());
        }
        assertArrayEquals(retrained.userFactors(), committed.userFactors(), 1e-4f);
        assertArrayEquals(retrained.itemFactors(), committed.itemFactors(), 1e-4f);
    }

    @Test
    void foldingInATrainingHistoryReproducesTheTrainedUsersRecommendations() {
        int total = 0;
        int worst = 10;
        for (int u = 0; u < committed.userCount(); u++) {
            UserHistory h = committed.history(u);
            Set<Integer> seen = toSet(h.items());
            Set<Integer> trained = indices(committed.topN(u, 10, seen, item -> true));
            Set<Integer> folded = indices(committed.topN(committed.foldIn(h.items(), h.strengths()), 10, seen, item -> true));
            folded.retainAll(trained);
            total += folded.size();
            worst = Math.min(worst, folded.size());
        }
        double mean = (double) total / committed.userCount();
        System.out.printf(Locale.ROOT, "fold-in vs trained top-10 overlap: mean %.2f, min %d%n", mean, worst);
        assertTrue(mean >= 9.0, "mean overlap " + mean);
        assertTrue(worst >= 6, "min overlap " + worst);
    }

    @Test
    void fiveInteractionsOfAGenreShiftTheTopTenTowardIt() {
        for (String genre : List.of("Children", "Sci-Fi")) {
            List<ScoredItem> typical = committed.popular(500, Set.of(),
                    item -> item.hasGenre(genre) && item.genres().size() <= 2);
            int users = 0;
            int before = 0;
            int after = 0;
            int decreased = 0;
            for (int u = 0; u < committed.userCount(); u++) {
                UserHistory h = committed.history(u);
                if (h.size() > 30) {
                    continue;
                }
                Set<Integer> seen = toSet(h.items());
                int[] added = typical.stream().mapToInt(ScoredItem::index).filter(i -> !seen.contains(i)).limit(5).toArray();
                int[] items = concat(h.items(), added);
                float[] strengths = new float[items.length];
                Arrays.fill(strengths, 1f);
                Set<Integer> exclude = toSet(items);
                int b = countGenre(committed.topN(committed.foldIn(h.items(), h.strengths()), 10, exclude, item -> true), genre);
                int a = countGenre(committed.topN(committed.foldIn(items, strengths), 10, exclude, item -> true), genre);
                users++;
                before += b;
                after += a;
                decreased += a < b ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "%s items in top-10 of %d users with <= 30 ratings: %.2f -> %.2f (%d decreased)%n",
                    genre, users, (double) before / users, (double) after / users, decreased);
            assertTrue(users >= 100);
            assertTrue(after - before >= 0.5 * users, genre + ": " + before + " -> " + after);
            assertTrue(decreased <= 0.05 * users, genre + ": " + decreased + " users decreased");
        }
    }

    @Test
    void topNOnTheCommittedModelHonoursExclusionsAndGenre() {
        int u = committed.userIndex(1);
        Set<Integer> seen = toSet(committed.history(u).items());
        List<ScoredItem> comedies = committed.topN(u, 20, seen, FactorModel.genre("comedy"));
        assertEquals(20, comedies.size());
        for (ScoredItem s : comedies) {
            assertTrue(s.item().hasGenre("Comedy"), s.item().toString());
            assertTrue(!seen.contains(s.index()));
        }
    }

    private static void assertMetricsEqual(Metrics expected, Metrics actual) {
        assertEquals(expected.users(), actual.users());
        assertEquals(expected.precision(), actual.precision(), 1e-6);
        assertEquals(expected.recall(), actual.recall(), 1e-6);
        assertEquals(expected.ndcg(), actual.ndcg(), 1e-6);
    }

    private static int countGenre(List<ScoredItem> items, String genre) {
        return (int) items.stream().filter(s -> s.item().hasGenre(genre)).count();
    }

    private static Set<Integer> indices(List<ScoredItem> items) {
        return items.stream().map(ScoredItem::index).collect(Collectors.toCollection(HashSet::new));
    }

    private static Set<Integer> toSet(int[] values) {
        return Arrays.stream(values).boxed().collect(Collectors.toSet());
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
