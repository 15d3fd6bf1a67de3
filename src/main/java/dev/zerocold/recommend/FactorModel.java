package dev.zerocold.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A trained implicit-ALS recommender: user and item factor matrices, item metadata and popularity,
 * and the training interactions per user. Scores are dot products of user and item factors (in float).
 * All item and user arguments are dense indices; map external ids with {@link #userIndex(int)} and
 * {@link #itemIndex(int)}. Immutable and thread-safe: arrays are copied on the way in and out.
 * Just over 300 lines: the fold-in and the scoring loops read the same factor arrays and are kept
 * beside them rather than behind accessors on the hot path.
 */
public final class FactorModel {

    private final AlsSettings settings;
    private final int k;
    private final IdIndex users;
    private final float[] userFactors;
    private final List<UserHistory> histories;
    private final IdIndex itemIds;
    private final List<Item> items;
    private final float[] itemFactors;
    /** The item factors again, factor-major ({@code k x items}), for scoring every item at once. */
    private final float[] factorsByItem;
    private final double[] gram;
    private final int[] byPopularity;
    /** Genre (case-insensitive) to the items tagged with it. */
    private final Map<String, BitSet> genreItems;

    /**
     * @param userFactors row-major {@code userIds.length x settings.factors()}
     * @param histories   training interactions, one per user in index order
     * @param itemFactors row-major {@code items.size() x settings.factors()}
     */
    public FactorModel(AlsSettings settings, int[] userIds, float[] userFactors, List<UserHistory> histories,
                       List<Item> items, float[] itemFactors) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.k = settings.factors();
        this.users = new IdIndex(userIds);
        this.items = List.copyOf(items);
        this.itemIds = new IdIndex(this.items.stream().mapToInt(Item::id).toArray());
        this.histories = List.copyOf(histories);
        if (userFactors.length != users.size() * k || itemFactors.length != this.items.size() * k
                || this.histories.size() != users.size()) {
            throw new IllegalArgumentException("factor or history dimensions do not match " + users.size()
                    + " users, " + this.items.size() + " items, k=" + k);
        }
        for (UserHistory h : this.histories) {
            for (int i : h.items()) {
                Objects.checkIndex(i, this.items.size());
            }
        }
        this.userFactors = userFactors.clone();
        this.itemFactors = itemFactors.clone();
        int itemCount = this.items.size();
        this.factorsByItem = new float[itemFactors.length];
        for (int i = 0; i < itemCount; i++) {
            for (int f = 0; f < k; f++) {
                this.factorsByItem[f * itemCount + i] = itemFactors[i * k + f];
            }
        }
        this.gram = NormalEquations.gram(this.itemFactors, this.items.size(), k);
        // Most popular first, ties by index: (-popularity, index) packed into longs and sorted primitively.
        long[] order = new long[this.items.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = (long) -this.items.get(i).popularity() << 32 | i;
        }
        Arrays.sort(order);
        this.byPopularity = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            this.byPopularity[i] = (int) order[i];
        }
        TreeMap<String, BitSet> byGenre = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < this.items.size(); i++) {
            for (String genre : this.items.get(i).genres()) {
                byGenre.computeIfAbsent(genre, g -> new BitSet(this.items.size())).set(i);
            }
        }
        this.genreItems = Collections.unmodifiableMap(byGenre);
    }

    /** Assembles a model from training output; item popularity is the interaction count per item. */
    public static FactorModel of(AlsSettings settings, Interactions data, AlsTrainer.Factors factors,
                                 Map<Integer, Item> catalogue) {
        int nItems = data.items().size();
        List<Item> items = new ArrayList<>(nItems);
        for (int i = 0; i < nItems; i++) {
            int id = data.items().id(i);
            Item meta = catalogue.getOrDefault(id, new Item(id, "", List.of(), 0));
            items.add(meta.withPopularity(data.itemCount(i)));
        }
        List<UserHistory> histories = new ArrayList<>(data.users().size());
        for (int u = 0; u < data.users().size(); u++) {
            histories.add(new UserHistory(data.itemsOf(u), data.strengthsOf(u)));
        }
        return new FactorModel(settings, data.users().ids(), factors.users(), histories, items, factors.items());
    }

    /** A filter accepting items of {@code genre} (case-insensitive), or every item when {@code genre} is null or blank. */
    public static Predicate<Item> genre(String genre) {
        return genre == null || genre.isBlank() ? item -> true : item -> item.hasGenre(genre);
    }

    /** Every genre of the catalogue, sorted and compared case-insensitively (unmodifiable). */
    public Set<String> genres() {
        return genreItems.keySet();
    }

    /**
     * A new set of the item indices of {@code genre} (case-insensitive; none for an unknown genre),
     * or of every item when {@code genre} is null or blank: the candidates of a ranking, from which
     * callers clear what must not be returned.
     */
    public BitSet candidates(String genre) {
        if (genre == null || genre.isBlank()) {
            BitSet all = new BitSet(items.size());
            all.set(0, items.size());
            return all;
        }
        BitSet tagged = genreItems.get(genre);
        return tagged == null ? new BitSet() : (BitSet) tagged.clone();
    }

    public AlsSettings settings() {
        return settings;
    }

    public int factors() {
        return k;
    }

    public int userCount() {
        return users.size();
    }

    public int itemCount() {
        return items.size();
    }

    /** Dense index of an external user id, or -1 for users unknown to the model. */
    public int userIndex(int userId) {
        return users.indexOf(userId);
    }

    public int userId(int userIndex) {
        return users.id(userIndex);
    }

    /** Dense index of an external item id, or -1 for items unknown to the model. */
    public int itemIndex(int itemId) {
        return itemIds.indexOf(itemId);
    }

    public Item item(int itemIndex) {
        return items.get(itemIndex);
    }

    /** All items in index order (unmodifiable). */
    public List<Item> items() {
        return items;
    }

    public UserHistory history(int userIndex) {
        return histories.get(userIndex);
    }

    public float[] userVector(int userIndex) {
        Objects.checkIndex(userIndex, users.size());
        return Arrays.copyOfRange(userFactors, userIndex * k, (userIndex + 1) * k);
    }

    public float[] itemVector(int itemIndex) {
        Objects.checkIndex(itemIndex, items.size());
        return Arrays.copyOfRange(itemFactors, itemIndex * k, (itemIndex + 1) * k);
    }

    /**
     * The score of every item for a user vector: multiply-add passes over contiguous item rows,
     * four factors per pass. C2 turns each pass into SIMD instructions; taking four factors at a
     * time halves the loads and stores of the scores for C1, which does not (C1 only is the
     * scale-to-zero image's default).
     */
    private float[] scores(float[] userVector) {
        int itemCount = items.size();
        float[] scores = new float[itemCount];
        int f = 0;
        for (; f + 3 < k; f += 4) {
            float w0 = userVector[f];
            float w1 = userVector[f + 1];
            float w2 = userVector[f + 2];
            float w3 = userVector[f + 3];
            int r0 = f * itemCount;
            int r1 = r0 + itemCount;
            int r2 = r1 + itemCount;
            int r3 = r2 + itemCount;
            for (int i = 0; i < itemCount; i++) {
                scores[i] += w0 * factorsByItem[r0 + i] + w1 * factorsByItem[r1 + i]
                        + w2 * factorsByItem[r2 + i] + w3 * factorsByItem[r3 + i];
            }
        }
        for (; f < k; f++) {
            float weight = userVector[f];
            int row = f * itemCount;
            for (int i = 0; i < itemCount; i++) {
                scores[i] += weight * factorsByItem[row + i];
            }
        }
        return scores;
    }

    /** The {@code n} best-scored items for a trained user; see {@link #topN(float[], int, Set, Predicate)}. */
    public List<ScoredItem> topN(int userIndex, int n, Set<Integer> exclude, Predicate<Item> filter) {
        return topN(userVector(userIndex), n, exclude, filter);
    }

    /**
     * The {@code n} best-scored items for a user vector (trained or folded in), best first, ties by
     * lower index.
     *
     * @param exclude item indices never returned (typically the user's own interactions); may be empty
     * @param filter  items must pass it, e.g. {@link #genre(String)}
     */
    public List<ScoredItem> topN(float[] userVector, int n, Set<Integer> exclude, Predicate<Item> filter) {
        return topN(userVector, n, candidates(exclude, filter));
    }

    /**
     * The {@code n} best-scored items among {@code candidates} (item indices, e.g. from
     * {@link #candidates(String)}) for a user vector, best first, ties by lower index.
     */
    public List<ScoredItem> topN(float[] userVector, int n, BitSet candidates) {
        if (userVector.length != k) {
            throw new IllegalArgumentException("user vector has " + userVector.length + " factors, model has " + k);
        }
        float[] scores = scores(userVector);
        TopN best = new TopN(n);
        for (int i = candidates.nextSetBit(0); i >= 0 && i < items.size(); i = candidates.nextSetBit(i + 1)) {
            best.offer(i, scores[i]);
        }
        return best.result((i, s) -> new ScoredItem(i, items.get(i), s));
    }

    private BitSet candidates(Set<Integer> exclude, Predicate<Item> filter) {
        BitSet candidates = new BitSet(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!exclude.contains(i) && filter.test(items.get(i))) {
                candidates.set(i);
            }
        }
        return candidates;
    }

    /** The {@code n} most popular items passing {@code filter} and not in {@code exclude}, ties by lower index. */
    public List<ScoredItem> popular(int n, Set<Integer> exclude, Predicate<Item> filter) {
        return popular(n, candidates(exclude, filter));
    }

    /** The {@code n} most popular items among {@code candidates} (item indices), ties by lower index. */
    public List<ScoredItem> popular(int n, BitSet candidates) {
        List<ScoredItem> out = new ArrayList<>(Math.max(0, n));
        for (int p = 0; p < byPopularity.length && out.size() < n; p++) {
            int i = byPopularity[p];
            if (candidates.get(i)) {
                Item item = items.get(i);
                out.add(new ScoredItem(i, item, (double) item.popularity() / Math.max(1, userCount())));
            }
        }
        return out;
    }

    /**
     * Solves a user vector for the given interactions with the item factors held fixed: the same
     * normal equations as one ALS user step, so a trained user's history folds in to (nearly) their
     * trained vector, and new interactions take effect without retraining. No interactions give the
     * zero vector.
     *
     * @param itemIndices items interacted with (duplicates are treated as separate interactions)
     * @param strengths   strength per interaction, as in training ({@code confidence = 1 + alpha * strength})
     */
    public float[] foldIn(int[] itemIndices, float[] strengths) {
        if (itemIndices.length != strengths.length) {
            throw new IllegalArgumentException("itemIndices and strengths differ in length");
        }
        float[] x = new float[k];
        if (itemIndices.length == 0) {
            return x;
        }
        double[] confidences = new double[strengths.length];
        for (int n = 0; n < strengths.length; n++) {
            Objects.checkIndex(itemIndices[n], items.size());
            confidences[n] = settings.confidence(strengths[n]);
        }
        new NormalEquations(k).solve(gram, itemFactors, itemIndices.clone(), confidences,
                settings.regularization(), x, 0);
        return x;
    }

    /** Row-major user factors (a copy). */
    public float[] userFactors() {
        return userFactors.clone();
    }

    /** Row-major item factors (a copy). */
    public float[] itemFactors() {
        return itemFactors.clone();
    }
}
