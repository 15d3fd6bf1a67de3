package dev.zerocold.recommend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class InteractionsTest {

    @Test
    void indexesBothWaysWithSortedListsKeepingTheLargestDuplicate() {
        List<Rating> ratings = List.of(
                new Rating(5, 300, 2, 0), new Rating(5, 100, 4, 0), new Rating(9, 300, 5, 0),
                new Rating(5, 300, 3.5f, 1), new Rating(9, 200, 0, 0));
        Interactions m = Interactions.of(ratings, new int[] {9, 5}, new int[] {100, 200, 300}, Rating::rating);
        int five = m.users().indexOf(5);
        assertEquals(1, five);
        assertArrayEquals(new int[] {0, 2}, m.itemsOf(five));
        assertArrayEquals(new float[] {4, 3.5f}, m.strengthsOf(five));
        assertArrayEquals(new int[] {2}, m.itemsOf(0), "zero strength is no interaction");
        assertArrayEquals(new int[] {0, 1}, m.usersOf(2));
        assertArrayEquals(new float[] {5, 3.5f}, m.strengthsOfItem(2));
        assertEquals(0, m.itemCount(1));
        assertEquals(3, m.size());
    }

    @Test
    void rejectsUnknownIds() {
        assertThrows(IllegalArgumentException.class,
                () -> Interactions.of(List.of(new Rating(1, 2, 1, 0)), new int[] {1}, new int[] {3}, r -> 1));
        assertThrows(IllegalArgumentException.class, () -> new IdIndex(new int[] {4, 2, 4}));
    }
}
