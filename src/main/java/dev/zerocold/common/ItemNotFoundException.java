package dev.zerocold.common;

/** A request names an item the recommender's catalogue does not hold (404). */
public final class ItemNotFoundException extends ZerocoldException {

    public ItemNotFoundException(String detail, String model, String version) {
        super(404, "item-not-found", "Item not found", detail, model, version);
    }
}
