package dev.zerocold.recommend;

/**
 * The interactions a model was trained on for one user: item indices (ascending) and their
 * strengths. Arrays are defensive copies.
 */
public record UserHistory(int[] items, float[] strengths) {

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

    public int size() {
        return items.length;
    }
}
