package dev.zerocold.runtime.serving;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every inference queue shares: {@code zerocold.serving.threads} batch threads (one per
 * core by default; batches are CPU work and never run on an HTTP event loop) and one timer thread for
 * queue delays and deadlines. The batch executor's own queue is bounded in practice by the sum of the
 * versions' {@code instances}: a queue hands it at most that many batches at a time.
 */
@ApplicationScoped
public class ServingExecutors {

    private final ExecutorService batches;
    private final ScheduledThreadPoolExecutor timer;

    public ServingExecutors(ServingConfig config) {
        int threads = config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
        this.batches = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                daemons("zerocold-batch-"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemons("zerocold-batch-timer-"));
        this.timer.setRemoveOnCancelPolicy(true);
    }

    public ExecutorService batches() {
        return batches;
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    @PreDestroy
    public void shutdown() {
        batches.shutdown();
        timer.shutdown();
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger ids = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix + ids.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
