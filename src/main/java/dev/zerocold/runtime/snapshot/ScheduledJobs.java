package dev.zerocold.runtime.snapshot;

import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import org.crac.Context;
import org.crac.Resource;

/**
 * The scheduled jobs (repository scan, journal compaction, retraining) for a snapshot: the scheduler
 * is paused before anything else is prepared, so that no job starts on a closed file, and resumed
 * after everything else, unless it was paused before. A job already running finishes on its own: a
 * compaction is waited for by the journal, a retraining refuses the snapshot ({@code RetrainGate}).
 * Thread-safe.
 */
@ApplicationScoped
@Priority(Snapshot.SCHEDULER)
public class ScheduledJobs implements Resource {

    private final Scheduler scheduler;
    private boolean pausedBySnapshot;

    public ScheduledJobs(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public synchronized void beforeCheckpoint(Context<? extends Resource> context) {
        if (scheduler.isRunning()) {
            scheduler.pause();
            pausedBySnapshot = true;
        }
    }

    @Override
    public synchronized void afterRestore(Context<? extends Resource> context) {
        if (pausedBySnapshot) {
            pausedBySnapshot = false;
            scheduler.resume();
        }
    }
}
