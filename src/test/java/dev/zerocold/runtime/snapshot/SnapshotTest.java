package dev.zerocold.runtime.snapshot;

import org.crac.CheckpointException;
import org.crac.Context;
import org.crac.Resource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coordinator alone: hook order, idempotence, and undo when a resource refuses. */
class SnapshotTest {

    private final List<String> calls = new ArrayList<>();

    /** Records its hooks; refuses (or fails) to prepare when given an exception to throw. */
    private Resource resource(String name, Exception refusal) {
        return new Resource() {
            @Override
            public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
                calls.add("prepare " + name);
                if (refusal != null) {
                    throw refusal;
                }
            }

            @Override
            public void afterRestore(Context<? extends Resource> context) {
                calls.add("resume " + name);
            }
        };
    }

    @Test
    void preparesInReverseRegistrationOrderAndResumesInOrder() {
        Snapshot snapshot = new Snapshot(List.of(resource("a", null), resource("b", null)));
        snapshot.register(resource("c", null));

        SnapshotResponse response = snapshot.prepare();
        assertEquals(List.of("prepare c", "prepare b", "prepare a"), calls);
        assertEquals("prepared", response.state());
        assertEquals(3, response.resources());
        assertTrue(response.heapUsedBytes() > 0);
        assertTrue(snapshot.prepared());

        calls.clear();
        snapshot.resume();
        assertEquals(List.of("resume a", "resume b", "resume c"), calls);
        assertEquals(Snapshot.State.RUNNING, snapshot.state());
    }

    @Test
    void prepareWhenPreparedAndResumeWhenRunningDoNothing() {
        Snapshot snapshot = new Snapshot(List.of(resource("a", null)));
        snapshot.resume();
        assertEquals(List.of(), calls);
        snapshot.prepare();
        snapshot.prepare();
        assertEquals(List.of("prepare a"), calls);
        snapshot.resume();
        snapshot.resume();
        assertEquals(List.of("prepare a", "resume a"), calls);
    }

    @Test
    void aRefusalResumesWhatWasPreparedAndKeepsServing() {
        Snapshot snapshot = new Snapshot(List.of(resource("a", null),
                resource("b", new CheckpointException("a retraining is in progress")),
                resource("c", null), resource("d", null)));

        SnapshotRefusedException refused = assertThrows(SnapshotRefusedException.class, snapshot::prepare);
        assertEquals(409, refused.status());
        assertEquals("a retraining is in progress", refused.getMessage());
        assertEquals(List.of("prepare d", "prepare c", "prepare b", "resume c", "resume d"), calls);
        assertFalse(snapshot.prepared());

        calls.clear();
        snapshot.resume();
        assertEquals(List.of(), calls, "nothing is left prepared");
    }

    @Test
    void anUnexpectedFailureIsReportedWithoutItsInternals() {
        Snapshot snapshot = new Snapshot(List.of(resource("a", new IOException("/secret/path: disk full"))));
        SnapshotRefusedException refused = assertThrows(SnapshotRefusedException.class, snapshot::prepare);
        assertFalse(refused.getMessage().contains("secret"), refused.getMessage());
        assertFalse(snapshot.prepared());
    }
}
