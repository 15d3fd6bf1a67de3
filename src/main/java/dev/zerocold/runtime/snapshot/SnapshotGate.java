package dev.zerocold.runtime.snapshot;

/**
 * "Wait while a snapshot is being prepared", for a resource that closes something of its own for a
 * process snapshot (a file, an HTTP client): users of the resource wait at the gate until it reopens
 * after the restore. The gate lives on its owner's monitor, so that checking the gate and using what
 * it guards is one atomic step: every method is called holding the owner's lock, and {@link #await}
 * releases it while waiting. Not thread-safe on its own: the owner's lock is its lock.
 */
public final class SnapshotGate {

    private final Object owner;
    private boolean closed;

    /** A gate, open, whose lock is {@code owner}'s monitor. */
    public SnapshotGate(Object owner) {
        this.owner = owner;
    }

    /** Closes the gate for a snapshot; the caller holds the owner's lock. */
    public void close() {
        requireLock();
        closed = true;
    }

    /** Opens the gate after the restore and wakes whoever waits at it; the caller holds the owner's lock. */
    public void open() {
        requireLock();
        closed = false;
        owner.notifyAll();
    }

    /** Whether a snapshot holds the gate closed; the caller holds the owner's lock. */
    public boolean isClosed() {
        requireLock();
        return closed;
    }

    /**
     * Waits while the gate is closed, releasing the owner's lock meanwhile; the caller holds it.
     *
     * @throws InterruptedException the waiting thread was interrupted (its interrupt flag is set again)
     */
    public void await() throws InterruptedException {
        requireLock();
        while (closed) {
            try {
                owner.wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw e;
            }
        }
    }

    private void requireLock() {
        if (!Thread.holdsLock(owner)) {
            throw new IllegalStateException("the snapshot gate is used without its owner's lock");
        }
    }
}
