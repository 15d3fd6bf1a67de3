package dev.zerocold.recommend.service;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Interactions accepted since the serving model was trained, per user, latest per item, held in
 * memory for fold-in. Bounded: at most {@code maxUsers} users and {@code maxItemsPerUser} items per
 * user; {@link #fits} tells whether one more interaction can be held. When a retrained model that
 * serves a user itself is swapped in, {@link #forget} releases what it was trained on.
 * Thread-safe: reads are lock-free on immutable per-user lists; writes are serialised.
 */
public final class InteractionOverlay {

    private final int maxUsers;
    private final int maxItemsPerUser;
    private final Map<String, List<Interaction>> byUser = new ConcurrentHashMap<>();

    public InteractionOverlay(int maxUsers, int maxItemsPerUser) {
        this.maxUsers = maxUsers;
        this.maxItemsPerUser = maxItemsPerUser;
    }

    /** The user's interactions, one per item (the latest), in first-interaction order; empty if none. */
    public List<Interaction> of(String userId) {
        return byUser.getOrDefault(userId, List.of());
    }

    public int users() {
        return byUser.size();
    }

    /** Whether {@link #add} would accept {@code interaction}; null if so, else why not. */
    public synchronized String fits(Interaction interaction) {
        List<Interaction> current = byUser.get(interaction.userId());
        if (current == null) {
            return byUser.size() < maxUsers ? null : "interactions of at most " + maxUsers + " users are held";
        }
        boolean newItem = current.stream().noneMatch(i -> i.itemId() == interaction.itemId());
        return !newItem || current.size() < maxItemsPerUser ? null
                : "at most " + maxItemsPerUser + " items per user are held";
    }

    /**
     * Drops {@code trained} interactions of the users {@code servedByModel} accepts, and users left
     * with none: a retrained model now holds them. Other users keep theirs (they are still folded in).
     */
    public synchronized void forget(Collection<Interaction> trained, Predicate<String> servedByModel) {
        Set<Interaction> done = new HashSet<>(trained);
        for (String user : List.copyOf(byUser.keySet())) {
            if (servedByModel.test(user)) {
                byUser.computeIfPresent(user, (u, held) -> {
                    List<Interaction> kept = held.stream().filter(i -> !done.contains(i)).toList();
                    return kept.isEmpty() ? null : kept;
                });
            }
        }
    }

    /**
     * Holds {@code interaction}, replacing an earlier one of the same user and item.
     *
     * @return false (and nothing held) when it does not {@link #fits fit}
     */
    public synchronized boolean add(Interaction interaction) {
        if (fits(interaction) != null) {
            return false;
        }
        Map<Integer, Interaction> items = new LinkedHashMap<>();
        for (Interaction i : of(interaction.userId())) {
            items.put(i.itemId(), i);
        }
        items.put(interaction.itemId(), interaction);
        byUser.put(interaction.userId(), List.copyOf(items.values()));
        return true;
    }
}
