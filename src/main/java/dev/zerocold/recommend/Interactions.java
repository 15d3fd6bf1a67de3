package dev.zerocold.recommend;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Sparse user–item interaction matrix over fixed user and item id spaces, stored both by user and
 * by item (index lists sorted ascending), each entry carrying a positive strength {@code r} from
 * which ALS derives its confidence {@code 1 + alpha * r}. Immutable and thread-safe; accessors
 * return copies.
 */
public final class Interactions {

    private final IdIndex users;
    private final IdIndex items;
    private final int[][] userItems;
    private final float[][] userStrengths;
    private final int[][] itemUsers;
    private final float[][] itemStrengths;
    private final int size;

    private Interactions(IdIndex users, IdIndex items, int[][] userItems, float[][] userStrengths) {
        this.users = users;
        this.items = items;
        this.userItems = userItems;
        this.userStrengths = userStrengths;
        int[] counts = new int[items.size()];
        int total = 0;
        for (int[] row : userItems) {
            for (int i : row) {
                counts[i]++;
            }
            total += row.length;
        }
        this.size = total;
        itemUsers = new int[items.size()][];
        itemStrengths = new float[items.size()][];
        for (int i = 0; i < counts.length; i++) {
            itemUsers[i] = new int[counts[i]];
            itemStrengths[i] = new float[counts[i]];
        }
        int[] fill = new int[items.size()];
        for (int u = 0; u < userItems.length; u++) {
            for (int p = 0; p < userItems[u].length; p++) {
                int i = userItems[u][p];
                itemUsers[i][fill[i]] = u;
                itemStrengths[i][fill[i]++] = userStrengths[u][p];
            }
        }
    }

    /**
     * Builds the matrix from rating events. Events whose strength is not positive are dropped; when
     * a user rated an item more than once, the largest strength is kept.
     *
     * @throws IllegalArgumentException if an event names an unknown user or item
     */
    public static Interactions of(List<Rating> ratings, int[] userIds, int[] itemIds,
                                  ToDoubleFunction<Rating> strength) {
        IdIndex users = new IdIndex(userIds);
        IdIndex items = new IdIndex(itemIds);
        long[][] packed = new long[users.size()][];
        int[] counts = new int[users.size()];
        for (Rating r : ratings) {
            counts[index(users, r.userId(), "user")]++;
            index(items, r.itemId(), "item");
        }
        for (int u = 0; u < packed.length; u++) {
            packed[u] = new long[counts[u]];
        }
        Arrays.fill(counts, 0);
        for (Rating r : ratings) {
            float s = (float) strength.applyAsDouble(r);
            int u = users.indexOf(r.userId());
            packed[u][counts[u]++] = ((long) items.indexOf(r.itemId()) << 32) | (Float.floatToIntBits(s) & 0xffffffffL);
        }
        int[][] userItems = new int[users.size()][];
        float[][] userStrengths = new float[users.size()][];
        for (int u = 0; u < packed.length; u++) {
            long[] row = packed[u];
            Arrays.sort(row);
            int[] its = new int[row.length];
            float[] sts = new float[row.length];
            int n = 0;
            for (long entry : row) {
                int item = (int) (entry >>> 32);
                float s = Float.intBitsToFloat((int) entry);
                if (!(s > 0)) {
                    continue;
                }
                if (n > 0 && its[n - 1] == item) {
                    sts[n - 1] = Math.max(sts[n - 1], s);
                } else {
                    its[n] = item;
                    sts[n++] = s;
                }
            }
            userItems[u] = Arrays.copyOf(its, n);
            userStrengths[u] = Arrays.copyOf(sts, n);
        }
        return new Interactions(users, items, userItems, userStrengths);
    }

    private static int index(IdIndex index, int id, String kind) {
        int i = index.indexOf(id);
        if (i < 0) {
            throw new IllegalArgumentException("unknown " + kind + " id " + id);
        }
        return i;
    }

    public IdIndex users() {
        return users;
    }

    public IdIndex items() {
        return items;
    }

    /** Number of stored (user, item) entries. */
    public int size() {
        return size;
    }

    /** Item indices of user {@code u}, ascending. */
    public int[] itemsOf(int u) {
        return userItems[u].clone();
    }

    /** Strengths aligned with {@link #itemsOf(int)}. */
    public float[] strengthsOf(int u) {
        return userStrengths[u].clone();
    }

    /** User indices of item {@code i}, ascending. */
    public int[] usersOf(int i) {
        return itemUsers[i].clone();
    }

    /** Strengths aligned with {@link #usersOf(int)}. */
    public float[] strengthsOfItem(int i) {
        return itemStrengths[i].clone();
    }

    /** Number of users who interacted with item {@code i}. */
    public int itemCount(int i) {
        return itemUsers[i].length;
    }
}
