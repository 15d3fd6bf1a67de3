package dev.zerocold.recommend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class FactorModelTest {

    private final FactorModel model = TinyModels.tiny();

    private static List<Integer> ids(List<ScoredItem> items) {
        return items.stream().map(s -> s.item().id()).toList();
    }

    @Test
    void topNRanksByDotProductWithTiesToTheLowerIndex() {
        List<ScoredItem> top = model.topN(model.userIndex(7), 4, Set.of(), item -> true);
        assertEquals(List.of(10, 20, 60, 50), ids(top));
        assertEquals(1.0, top.get(0).score(), 1e-6);
        assertEquals(0.9, top.get(1).score(), 1e-6);
    }

    @Test
    void topNExcludesGivenItems() {
        assertEquals(List.of(20, 60, 50), ids(model.topN(0, 3, Set.of(0), item -> true)));
        assertEquals(List.of(50, 30), ids(model.topN(0, 2, Set.of(0, 1, 5), item -> true)));
    }

    @Test
    void topNHonoursTheGenreFilter() {
        assertEquals(List.of(10, 30), ids(model.topN(0, 5, Set.of(), FactorModel.genre("comedy"))));
        assertEquals(List.of(30), ids(model.topN(0, 5, Set.of(0), FactorModel.genre("Comedy"))));
        assertEquals(List.of(), ids(model.topN(0, 5, Set.of(), FactorModel.genre("Western"))));
        assertEquals(6, model.topN(0, 10, Set.of(), FactorModel.genre(null)).size());
    }

    @Test
    void topNOverManyItemsMatchesASortOfAllScores() {
        // 7 factors (not a multiple of the 4 sums) and coarse values, so that many scores tie.
        int k = 7;
        int count = 400;
        Random random = new Random(3);
        List<Item> items = IntStream.range(0, count)
                .mapToObj(i -> new Item(1000 + i, "", i % 3 == 0 ? List.of("Comedy") : List.of("Drama"), 0)).toList();
        float[] itemFactors = new float[count * k];
        for (int i = 0; i < itemFactors.length; i++) {
            itemFactors[i] = random.nextInt(3);
        }
        AlsSettings settings = new AlsSettings(k, 0.5, 2.0, 1, 7, Strength.BINARY);
        FactorModel big = new FactorModel(settings, new int[0], new float[0], List.of(), items, itemFactors);
        float[] user = {1, 0.5f, 0.25f, 1, 0, 2, 1};
        for (int n : new int[] {0, 1, 10, 57, count, count + 5}) {
            BitSet candidates = big.candidates("comedy");
            candidates.clear(0);
            List<Integer> expected = IntStream.range(1, count).filter(i -> i % 3 == 0).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -dot(user, itemFactors, i, k))
                            .thenComparing(Comparator.naturalOrder()))
                    .limit(n).toList();
            List<Integer> actual = big.topN(user, n, candidates).stream().map(ScoredItem::index).toList();
            assertEquals(expected, actual, "n=" + n);
        }
        assertEquals(Set.of("Comedy", "Drama"), big.genres());
        assertEquals(0, big.candidates("Western").cardinality());
        assertEquals(count, big.candidates(" ").cardinality());
    }

    private static double dot(float[] user, float[] factors, int item, int k) {
        double s = 0;
        for (int f = 0; f < k; f++) {
            s += user[f] * factors[item * k + f];
        }
        return s;
    }

    @Test
    void popularListsByPopularityWithinGenre() {
        assertEquals(List.of(20, 30, 10), ids(model.popular(3, model.candidates(null))));
        assertEquals(List.of(20, 30, 60), ids(model.popular(5, model.candidates("Drama"))));
        assertEquals(List.of(30, 60), ids(model.popular(5, Set.of(1), FactorModel.genre("drama"))));
        assertEquals(9.0 / model.userCount(), model.popular(1, model.candidates(null)).get(0).score(), 1e-12,
                "popular items are scored by the share of users who chose them");
    }

    @Test
    void idsMapToIndicesAndBack() {
        assertEquals(1, model.userIndex(3));
        assertEquals(-1, model.userIndex(99));
        assertEquals(3, model.itemIndex(40));
        assertEquals(-1, model.itemIndex(41));
        assertEquals(7, model.userId(0));
    }

    @Test
    void foldInWithoutInteractionsIsTheZeroVector() {
        assertArrayEquals(new float[2], model.foldIn(new int[0], new float[0]));
    }

    @Test
    void foldInSolvesTheImplicitAlsNormalEquations() {
        int k = 5;
        int nItems = 30;
        Random random = new Random(3);
        float[] y = new float[nItems * k];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) random.nextGaussian();
        }
        List<Item> items = IntStream.range(0, nItems)
                .mapToObj(i -> new Item(i, "item " + i, List.of(), 0)).toList();
        AlsSettings settings = new AlsSettings(k, 0.3, 4.0, 1, 1, Strength.RATING);
        FactorModel m = new FactorModel(settings, new int[0], new float[0], List.of(), items, y);
        int[] seen = {2, 7, 11, 19};
        float[] strengths = {1, 0.5f, 3, 2};

        double[][] a = new double[k][k + 1];
        for (int i = 0; i < nItems; i++) {
            int pos = Arrays.binarySearch(seen, i);
            double c = pos >= 0 ? 1 + settings.alpha() * strengths[pos] : 1;
            double p = pos >= 0 ? 1 : 0;
            for (int r = 0; r < k; r++) {
                for (int s = 0; s < k; s++) {
                    a[r][s] += c * y[i * k + r] * y[i * k + s];
                }
                a[r][k] += c * p * y[i * k + r];
            }
        }
        for (int r = 0; r < k; r++) {
            a[r][r] += settings.regularization();
        }
        double[] expected = gaussJordan(a);

        float[] x = m.foldIn(seen, strengths);
        for (int f = 0; f < k; f++) {
            assertEquals(expected[f], x[f], 1e-5);
        }
    }

    @Test
    void rejectsMismatchedDimensions() {
        List<Item> one = List.of(new Item(1, "x", List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new FactorModel(TinyModels.SETTINGS, new int[] {1},
                new float[3], List.of(new UserHistory(new int[0], new float[0])), one, new float[2]));
        assertThrows(IndexOutOfBoundsException.class, () -> new FactorModel(TinyModels.SETTINGS, new int[] {1},
                new float[2], List.of(new UserHistory(new int[] {4}, new float[] {1})), one, new float[2]));
        assertThrows(IllegalArgumentException.class, () -> model.topN(new float[3], 1, Set.of(), item -> true));
    }

    @Test
    void isImmutable() {
        float[] v = model.userVector(0);
        v[0] = 42;
        assertEquals(1f, model.userVector(0)[0]);
        int[] seen = model.history(0).items();
        seen[0] = 5;
        assertEquals(0, model.history(0).items()[0]);
    }

    private static double[] gaussJordan(double[][] m) {
        int k = m.length;
        for (int col = 0; col < k; col++) {
            int pivot = col;
            for (int r = col + 1; r < k; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            for (int r = 0; r < k; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int c = col; c <= k; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
        }
        double[] x = new double[k];
        for (int r = 0; r < k; r++) {
            x[r] = m[r][k] / m[r][r];
        }
        return x;
    }
}
