package dev.zerocold.recommend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UserHistoryTest {

    @Test
    void distinctKeepsEachItemOnceAscendingWithItsStrongestStrength() {
        UserHistory h = UserHistory.distinct(new int[] {7, 2, 7, 0, 2}, new float[] {1f, 3f, 4f, 0.5f, 2f});
        assertArrayEquals(new int[] {0, 2, 7}, h.items());
        assertArrayEquals(new float[] {0.5f, 3f, 4f}, h.strengths());
    }

    @Test
    void distinctOfNothingIsEmptyAndMismatchedArraysAreRefused() {
        assertArrayEquals(new int[0], UserHistory.distinct(new int[0], new float[0]).items());
        assertThrows(IllegalArgumentException.class, () -> UserHistory.distinct(new int[] {1}, new float[0]));
    }
}
