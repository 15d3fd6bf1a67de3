package dev.zerocold.recommend.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class InteractionOverlayTest {

    @Test
    void forgettingTrainedInteractionsFreesRoomForNewUsers() {
        InteractionOverlay overlay = new InteractionOverlay(2, 10);
        Interaction trained = new Interaction("7", 1, 4f, 1);
        Interaction later = new Interaction("7", 2, null, 3);
        Interaction alice = new Interaction("alice", 1, null, 2);
        overlay.add(trained);
        overlay.add(alice);
        overlay.add(later);
        assertNotNull(overlay.fits(new Interaction("8", 1, null, 4)), "two users held: a third does not fit");

        // The new model was trained on the first two journal entries and serves numeric users it knows.
        overlay.forget(List.of(trained, alice), user -> user.equals("7"));
        assertEquals(List.of(later), overlay.of("7"), "what came after training stays for fold-in");
        assertEquals(List.of(alice), overlay.of("alice"), "users the model does not serve keep theirs");

        overlay.forget(List.of(later), user -> user.equals("7"));
        assertEquals(List.of(), overlay.of("7"));
        assertEquals(1, overlay.users());
        assertNull(overlay.fits(new Interaction("8", 1, null, 4)), "the freed place takes a new user");
    }
}
