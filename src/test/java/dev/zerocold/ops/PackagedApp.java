package dev.zerocold.ops;

import dev.zerocold.testing.Await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged application ({@code target/quarkus-app}) as its own process, for tests that signal or
 * kill it: a free port, its state under a directory of its own, the test API key.
 */
final class PackagedApp implements AutoCloseable {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    final Path state;
    final int port;
    final Process process;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private PackagedApp(Path state, int port, Process process) {
        this.state = state;
        this.port = port;
        this.process = process;
    }

    /** Starts the app and waits (up to 90 s) until it is ready. */
    static PackagedApp start(Path state, String... properties) throws Exception {
        Files.createDirectories(state);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Dzerocold.recommend.journal=" + state.resolve("interactions.log"),
                "-Dzerocold.recommend.retrain-interval=off", "-Dzerocold.models.state-dir=" + state,
                "-Dzerocold.models.scan-interval=off", "-Dzerocold.admin.api-keys=test-admin-key",
                "-Dzerocold.rate-limit.interactions.enabled=false"));
        for (String property : properties) {
            command.add("-D" + property);
        }
        command.addAll(List.of("-jar", JAR.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(state.resolve("app.log").toString()))).start();
        PackagedApp app = new PackagedApp(state, port, process);
        try {
            Await.until("the packaged app ready or exited", Duration.ofSeconds(90),
                    () -> !process.isAlive() || app.status("/q/health/ready") == 200);
        } catch (AssertionError e) {
            app.close();
            throw new AssertionError(e.getMessage() + "; see " + state.resolve("app.log"), e);
        }
        if (!process.isAlive()) {
            throw new AssertionError("the packaged app exited with " + process.exitValue() + "; see "
                    + state.resolve("app.log"));
        }
        return app;
    }

    /** The status {@code GET path} answers, or -1 while nothing answers. */
    int status(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
