package dev.zerocold.recommend;

import java.util.Arrays;

/**
 * The interactions a model was trained on for one user: item indices (ascending) and their
 * strengths. Arrays are defensive copies.
 */
public record UserHistory(int[] items, float[] strengths) {

    /** No interactions. */
    public static final UserHistory EMPTY = new UserHistory(new int[0], new float[0]);

    public UserHistory {
        if (items.length != strengths.length) {
            throw new IllegalArgumentException("items and strengths differ in length");
        }
        items = items.clone();
        strengths = strengths.clone();
    }

    @Override
    public int[] items() {
        return items.clone();
    }

    @Override
    public float[] strengths() {
        return strengths.clone();
    }

    /**
     * The history of interactions given in any order, possibly repeating items: each item once,
     * ascending, with its strongest strength.
     */
    public static UserHistory distinct(int[] items, float[] strengths) {
        if (items.length != strengths.length) {
            throw new IllegalArgumentException("items and strengths differ in length");
        }
        long[] order = new long[items.length];
        for (int n = 0; n < items.length; n++) {
            order[n] = (long) items[n] << 32 | n;
        }
        Arrays.sort(order);
        int[] outItems = new int[items.length];
        float[] outStrengths = new float[items.length];
        int size = 0;
        for (long packed : order) {
            int item = (int) (packed >> 32);
            float strength = strengths[(int) packed];
            if (size > 0 && outItems[size - 1] == item) {
                outStrengths[size - 1] = Math.max(outStrengths[size - 1], strength);
            } else {
                outItems[size] = item;
                outStrengths[size++] = strength;
            }
        }
        return new UserHistory(Arrays.copyOf(outItems, size), Arrays.copyOf(outStrengths, size));
    }

    public int size() {
        return items.length;
    }
}
