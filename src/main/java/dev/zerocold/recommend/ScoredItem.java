package dev.zerocold.recommend;

/**
 * A recommended item with its score (predicted preference, or popularity for popularity lists).
 *
 * @param index dense item index within the model
 * @param item  catalogue metadata
 * @param score ranking score, higher is better
 */
public record ScoredItem(int index, Item item, double score) {
}
