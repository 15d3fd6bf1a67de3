package dev.zerocold.runtime.serving;

/** What an {@link InferenceQueue} reports as it works; implementations must be thread-safe and cheap. */
public interface QueueObserver {

    /** Why an item was answered without being computed (or, for {@code INVALID}, was refused by the model). */
    enum Rejection {
        QUEUE_FULL, DEADLINE, INVALID, UNAVAILABLE;

        /** The metric tag value, e.g. {@code queue_full}. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** An item left the queue for a batch after waiting {@code nanos}. */
    void queued(long nanos);

    /** One model call of {@code size} items took {@code nanos}; {@code succeeded} unless it threw as a whole. */
    void batch(int size, long nanos, boolean succeeded);

    /** One item was refused or dropped. */
    void rejected(Rejection reason);

    QueueObserver NONE = new QueueObserver() {
        @Override
        public void queued(long nanos) {
        }

        @Override
        public void batch(int size, long nanos, boolean succeeded) {
        }

        @Override
        public void rejected(Rejection reason) {
        }
    };
}
