package dev.zerocold.recommend;

import java.util.List;

/** Small hand-built models with easily computed rankings. */
final class TinyModels {

    static final AlsSettings SETTINGS = new AlsSettings(2, 0.5, 2.0, 1, 7, Strength.BINARY);

    private TinyModels() {
    }

    /**
     * Items (index: id, genres, popularity, factors): 0: 10 Comedy 5 (1, 0); 1: 20 Drama 9 (0.9, 0.1);
     * 2: 30 Comedy|Drama 9 (0.5, 0.5); 3: 40 Horror 1 (0, 1); 4: 50 none 0 (0.8, 0);
     * 5: 60 Drama 2 (0.9, 0.1). Users: 7 (1, 0) saw item 0; 3 (0, 1) saw item 3.
     */
    static FactorModel tiny() {
        List<Item> items = List.of(
                new Item(10, "Alpha (1990)", List.of("Comedy"), 5),
                new Item(20, "Beta", List.of("Drama"), 9),
                new Item(30, "Gamma, Délta", List.of("Comedy", "Drama"), 9),
                new Item(40, "\"Quoted\" Horror", List.of("Horror"), 1),
                new Item(50, "", List.of(), 0),
                new Item(60, "Zeta", List.of("Drama"), 2));
        float[] itemFactors = {1, 0, 0.9f, 0.1f, 0.5f, 0.5f, 0, 1, 0.8f, 0, 0.9f, 0.1f};
        float[] userFactors = {1, 0, 0, 1};
        List<UserHistory> histories = List.of(
                new UserHistory(new int[] {0}, new float[] {1}),
                new UserHistory(new int[] {3}, new float[] {1}));
        return new FactorModel(SETTINGS, new int[] {7, 3}, userFactors, histories, items, itemFactors);
    }
}
