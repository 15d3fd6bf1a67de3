package dev.zerocold.runtime.snapshot;

import io.quarkus.arc.All;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.crac.CheckpointException;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.crac.RestoreException;
import org.jboss.logging.Logger;

import javax.management.JMException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Readies a warm process for checkpoint/restore and brings it back. Every CDI bean implementing
 * {@link Resource} takes part, registered in the order of its {@code @Priority} (highest first; see
 * {@link #RESOURCES}, {@link #JOBS}, {@link #SCHEDULER}); {@link #register} adds others.
 * {@link #prepare} runs their {@code beforeCheckpoint} in reverse registration order, as CRaC does,
 * then collects garbage so that a dump is small; {@link #resume} runs their {@code afterRestore} in
 * registration order. A CRaC JDK drives the same two steps through the global context, with which
 * this coordinator registers at startup. After a plain CRIU restore nothing tells the JVM, so the
 * first HTTP request that finds the process {@link State#PREPARED} resumes it ({@link AutoResume}).
 *
 * <p>Thread-safe: prepare and resume are serialised; {@link #prepared} is a volatile read.
 */
@ApplicationScoped
public class Snapshot {

    /** {@code @Priority} of holders of files and sockets: registered first, closed last, reopened first. */
    public static final int RESOURCES = 200;
    /** {@code @Priority} of work that uses them (retraining): stopped before they close, let go after. */
    public static final int JOBS = 100;
    /** {@code @Priority} of the scheduler: paused before anything else, resumed after everything. */
    public static final int SCHEDULER = 0;

    private static final Logger LOG = Logger.getLogger(Snapshot.class);
    private static final int MAX_COLLECTIONS = 5;

    /** Whether the process is serving or ready to be dumped. */
    public enum State {
        RUNNING, PREPARED
    }

    private final List<Resource> resources;
    /** Registered with CRaC's global context, which holds it weakly: this field keeps it. */
    private final Context<Resource> hooks = new Hooks();
    private volatile State state = State.RUNNING;

    public Snapshot(@All List<Resource> resources) {
        this.resources = new CopyOnWriteArrayList<>(resources);
    }

    void onStart(@Observes StartupEvent event) {
        Core.getGlobalContext().register(hooks);
    }

    /** Adds a resource after those found at startup: it closes first and reopens last. */
    public void register(Resource resource) {
        resources.add(resource);
    }

    public State state() {
        return state;
    }

    /** True while prepared: the cheap check every request makes. */
    public boolean prepared() {
        return state == State.PREPARED;
    }

    /**
     * Closes what must not be captured and collects garbage; already prepared: nothing to do.
     *
     * @throws SnapshotRefusedException a resource refused (a retraining is running, say); those
     *                                  already prepared were resumed, and the process serves on
     */
    public synchronized SnapshotResponse prepare() {
        long start = System.nanoTime();
        if (state == State.RUNNING) {
            try {
                checkpoint();
            } catch (CheckpointException e) {
                throw new SnapshotRefusedException(e.getMessage());
            }
        }
        Runtime runtime = Runtime.getRuntime();
        return new SnapshotResponse("prepared", resources.size(), runtime.totalMemory() - runtime.freeMemory(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Reopens what {@link #prepare} closed; running already: nothing to do. */
    public void resume() {
        if (state == State.RUNNING) {
            return;
        }
        restore();
    }

    /** {@link #prepare} for CRaC: the same steps, failing with the resource's own exception. */
    private synchronized void checkpoint() throws CheckpointException {
        if (state == State.PREPARED) {
            return;
        }
        long start = System.nanoTime();
        List<Resource> order = new ArrayList<>(resources);
        int prepared = 0;
        for (int i = order.size() - 1; i >= 0; i--, prepared++) {
            try {
                order.get(i).beforeCheckpoint(hooks);
            } catch (Exception e) {
                CheckpointException refusal = refusal(e);
                List<Resource> undo = order.subList(i + 1, order.size());
                for (Exception failed : afterRestore(undo)) {
                    refusal.addSuppressed(failed);
                }
                LOG.warnf("Snapshot refused: %s; %d prepared resources resumed", refusal.getMessage(), prepared);
                throw refusal;
            }
        }
        state = State.PREPARED;
        collectAndShrinkHeap();
        trimNativeHeap();
        LOG.infof("Prepared for a snapshot in %d ms: %d resources closed; the next request resumes",
                (System.nanoTime() - start) / 1_000_000, order.size());
    }

    /**
     * Collects the heap until it stops shrinking (at most {@value #MAX_COLLECTIONS} times): the serial
     * collector gives back only part of the free heap at each collection after the first (10%, 40%,
     * then all of what exceeds {@code MaxHeapFreeRatio}), and free heap that was once written would
     * be dumped with the snapshot like live objects. Measured on the default models: 64 MB of
     * written heap after one collection, 46 MB after four.
     */
    private static void collectAndShrinkHeap() {
        var memory = ManagementFactory.getMemoryMXBean();
        long committed = Long.MAX_VALUE;
        for (int i = 0; i < MAX_COLLECTIONS; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getCommitted();
            if (now >= committed) {
                break;
            }
            committed = now;
        }
    }

    /**
     * Gives the C heap's free memory back to the OS (glibc's {@code malloc_trim}), as {@code jcmd
     * System.trim_native_heap} does: what the JIT and ONNX Runtime freed would otherwise be dumped.
     * Skipped where the JVM has no such command (a native image, a JDK 17 before 17.0.9).
     */
    private static void trimNativeHeap() {
        try {
            Object result = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
                    new Object[] {null}, new String[] {String[].class.getName()});
            LOG.debugf("%s", result);
        } catch (JMException | RuntimeException | LinkageError e) {
            LOG.debugf("native heap not trimmed: %s", e);
        }
    }

    private synchronized List<Exception> restore() {
        if (state == State.RUNNING) {
            return List.of();
        }
        long start = System.nanoTime();
        List<Exception> failures = afterRestore(resources);
        state = State.RUNNING;
        LOG.infof("Resumed after a snapshot in %d ms (%d failures)", (System.nanoTime() - start) / 1_000_000,
                failures.size());
        return failures;
    }

    /** Runs {@code afterRestore} of each in order; a failure is logged and the others still run. */
    private List<Exception> afterRestore(List<Resource> order) {
        List<Exception> failures = new ArrayList<>();
        for (Resource resource : order) {
            try {
                resource.afterRestore(hooks);
            } catch (Exception e) {
                LOG.errorf(e, "A resource failed to resume after a snapshot");
                failures.add(e);
            }
        }
        return failures;
    }

    /** A refusal says why in its own words; anything else is logged and reported without internals. */
    private static CheckpointException refusal(Exception e) {
        if (e instanceof CheckpointException refused && refused.getMessage() != null) {
            return refused;
        }
        LOG.errorf(e, "A resource failed to prepare for a snapshot");
        CheckpointException wrapped = new CheckpointException("a resource failed to prepare; see the server log");
        wrapped.initCause(e);
        return wrapped;
    }

    /** The coordinator as CRaC sees it: one resource of the global context. */
    private final class Hooks extends Context<Resource> {

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException {
            checkpoint();
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws RestoreException {
            List<Exception> failures = restore();
            if (!failures.isEmpty()) {
                RestoreException failed = new RestoreException();
                failures.forEach(failed::addSuppressed);
                throw failed;
            }
        }

        @Override
        public void register(Resource resource) {
            Snapshot.this.register(resource);
        }
    }
}
