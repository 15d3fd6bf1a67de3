package dev.zerocold.ops;

import dev.zerocold.testing.Await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM under load (c=16), as Knative stops a pod: readiness goes DOWN at once, every request sent
 * before the signal is answered 200, requests sent after it are answered 200 (during the readiness
 * delay) or refused (503, or at the listener, never a half answer or another status), and the
 * process exits cleanly with status 0.
 */
class GracefulShutdownIT {

    private static final String BODY = "{\"text\": \"The service was quick and friendly\", \"model\": \"sentiment\"}";

    @Test
    void sigtermUnderLoadFailsNothingAcceptedAndExitsZero() throws Exception {
        PackagedApp app = PackagedApp.start(Path.of("target/it-shutdown"), "zerocold.shutdown.readiness-delay=1s");
        AtomicBoolean signalled = new AtomicBoolean();
        AtomicInteger before = new AtomicInteger();
        AtomicInteger after = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> load = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                load.add(clients.submit(() -> {
                    while (true) {
                        boolean sentAfter = signalled.get();
                        try {
                            HttpResponse<String> response = app.postJson("/api/predict/sentiment", BODY);
                            if (response.statusCode() == 200 && response.body().contains("\"sentiment\"")) {
                                (sentAfter ? after : before).incrementAndGet();
                            } else if (response.statusCode() != 503) {
                                failures.merge("HTTP " + response.statusCode() + ": " + response.body(), 1, Integer::sum);
                            } else if (sentAfter) {
                                return null;  // refused: the server is stopping
                            } else {
                                failures.merge("503 before SIGTERM", 1, Integer::sum);
                            }
                        } catch (IOException e) {
                            if (sentAfter) {
                                return null;  // refused at the listener: closed, or a kept-alive connection dropped unread
                            }
                            failures.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
                        }
                    }
                }));
            }
            Await.until("200 requests answered before SIGTERM", () -> before.get() >= 200 || !failures.isEmpty());
            signalled.set(true);
            app.process.destroy();  // SIGTERM
            // The signal reaches the JVM's handler asynchronously: readiness must be DOWN well within the
            // readiness delay (1 s), while requests are still served.
            Await.until("readiness DOWN within 0.5 s of SIGTERM", Duration.ofMillis(500),
                    () -> app.status("/q/health/ready") == 503);
            assertTrue(app.process.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGTERM");
            for (Future<?> client : load) {
                client.get(30, TimeUnit.SECONDS);
            }
            assertEquals(Map.of(), failures, "failed requests (" + before.get() + " answered before SIGTERM, "
                    + after.get() + " after)");
            assertTrue(after.get() > 0, "nothing was served during the readiness delay");
            assertEquals(0, app.process.exitValue());
        } finally {
            clients.shutdownNow();
            app.close();
        }
    }
}
