package dev.zerocold.recommend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class AlsTrainerTest {

    /** Users 0-19 watch items 0-9, users 20-39 watch items 10-19, each skipping one item of their block. */
    private static List<Rating> twoCommunities() {
        List<Rating> ratings = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            int base = u < 20 ? 0 : 10;
            for (int i = base; i < base + 10; i++) {
                if (i != base + u % 10) {
                    ratings.add(new Rating(u, i, 4, 0));
                }
            }
        }
        return ratings;
    }

    private static Interactions interactions(AlsSettings settings) {
        int[] users = IntStream.range(0, 40).toArray();
        int[] items = IntStream.range(0, 21).toArray();
        return settings.interactions(twoCommunities(), users, items);
    }

    @Test
    void recommendsTheMissingItemOfTheUsersCommunity() {
        AlsSettings settings = new AlsSettings(4, 0.1, 5, 8, 42, Strength.BINARY);
        Interactions data = interactions(settings);
        FactorModel model = FactorModel.of(settings, data, new AlsTrainer(settings).train(data),
                Map.of(20, new Item(20, "never watched", List.of(), 0)));
        for (int u = 0; u < 40; u++) {
            Set<Integer> seen = IntStream.of(model.history(u).items()).boxed().collect(Collectors.toSet());
            int expected = (u < 20 ? 0 : 10) + u % 10;
            assertEquals(expected, model.topN(u, 1, seen, item -> true).get(0).item().id(), "user " + u);
        }
        assertArrayEquals(new float[4], model.itemVector(20));
        assertEquals(0, model.item(20).popularity());
        assertEquals(18, model.item(0).popularity());
    }

    @Test
    void isDeterministicForASeed() {
        AlsSettings settings = new AlsSettings(6, 0.5, 2, 3, 7, Strength.RATING);
        Interactions data = interactions(settings);
        AlsTrainer.Factors a = new AlsTrainer(settings).train(data);
        AlsTrainer.Factors b = new AlsTrainer(settings).train(data);
        assertArrayEquals(a.users(), b.users());
        assertArrayEquals(a.items(), b.items());
        AlsTrainer.Factors other = new AlsTrainer(new AlsSettings(6, 0.5, 2, 3, 8, Strength.RATING)).train(data);
        assertTrue(!Arrays.equals(a.items(), other.items()));
    }
}
