package dev.zerocold.recommend.service;

import dev.zerocold.runtime.snapshot.Snapshot;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import org.crac.CheckpointException;
import org.crac.Context;
import org.crac.Resource;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One retraining at a time, and none while the process is prepared for a snapshot: a snapshot is
 * refused while a retraining runs (rather than capture a half-trained state), and a retraining
 * asked for while prepared waits for the restore. Thread-safe.
 */
@ApplicationScoped
@Priority(Snapshot.JOBS)
public class RetrainGate implements Resource {

    private final Semaphore permit = new Semaphore(1);
    private final AtomicBoolean heldForSnapshot = new AtomicBoolean();

    /** Runs {@code retraining} once no other runs (and the process is not prepared for a snapshot). */
    public <T> T exclusively(Supplier<T> retraining) {
        permit.acquireUninterruptibly();
        try {
            return retraining.get();
        } finally {
            permit.release();
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException {
        if (heldForSnapshot.get()) {
            return;
        }
        if (!permit.tryAcquire()) {
            throw new CheckpointException("a recommender retraining is in progress; prepare again once it has finished");
        }
        heldForSnapshot.set(true);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        if (heldForSnapshot.compareAndSet(true, false)) {
            permit.release();
        }
    }
}
