package dev.zerocold.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium for browser tests, driven over the Chrome DevTools Protocol with the JDK's
 * HTTP client and WebSocket only. {@link #launch} makes sure the browser is installed
 * ({@code src/test/browser/ensure-chromium.sh}), starts it on a temporary profile with a random
 * debugging port, and attaches to its page; {@link #close} kills it and deletes the profile.
 * Commands wait for their answer for at most {@link #COMMAND_TIMEOUT}; events are not kept.
 */
public final class Chromium implements AutoCloseable {

    /** How long a command may take: a screenshot on a busy two-core machine is the slowest. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private static final Path ENSURE = Path.of("src", "test", "browser", "ensure-chromium.sh");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private Chromium(Process process, Path profile, URI page) {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(START_TIMEOUT)
                .buildAsync(page, new Receiver()).orTimeout(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Installs Chromium if needed, starts it headless with a {@code width}x{@code height} page, attaches to it. */
    public static Chromium launch(int width, int height) throws IOException, InterruptedException {
        String binary = ensureInstalled();
        Path profile = Files.createTempDirectory("zerocold-chromium-");
        Process process = null;
        try {
            process = new ProcessBuilder(binary, "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                    "--window-size=" + width + "," + height, "--remote-debugging-port=0",
                    "--user-data-dir=" + profile, "about:blank")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            URI browser = URI.create(listening(process).get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            Chromium chromium = new Chromium(process, profile, pageTarget(browser));
            chromium.send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                    "deviceScaleFactor", 1, "mobile", false));  // the window's own size leaves less to the page
            return chromium;
        } catch (Exception e) {
            stop(process, profile);
            throw new IOException("could not start Chromium (" + binary + ")", e);
        }
    }

    /** Runs {@code ensure-chromium.sh}, which prints the browser's path (installing it first if it can). */
    private static String ensureInstalled() throws IOException, InterruptedException {
        Process ensure = new ProcessBuilder("bash", ENSURE.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(ensure.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        if (!ensure.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            ensure.descendants().forEach(ProcessHandle::destroyForcibly);
            ensure.destroyForcibly();
            throw new IOException(ENSURE + " did not finish within " + INSTALL_TIMEOUT.toMinutes() + " minutes");
        }
        String path = out.join();
        if (ensure.exitValue() != 0 || path.isEmpty()) {
            throw new IOException("Chromium is needed for the browser tests and " + ENSURE + " could not provide it "
                    + "(exit " + ensure.exitValue() + "; its message is above)");
        }
        return path.lines().reduce((first, last) -> last).orElseThrow();
    }

    /** The browser's WebSocket address, read from the line it prints on stderr; stderr is drained after. */
    private static CompletableFuture<String> listening(Process process) {
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                StringBuilder seen = new StringBuilder();
                for (String line; (line = err.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        address.complete(m.group(1));
                    } else if (!address.isDone() && seen.length() < 4000) {
                        seen.append(line).append('\n');
                    }
                }
                address.completeExceptionally(new IOException("Chromium exited before listening:\n" + seen));
            } catch (IOException e) {
                address.completeExceptionally(e);
            }
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        return address;
    }

    /** The WebSocket address of the browser's first page, from its {@code /json/list}. */
    private static URI pageTarget(URI browser) throws IOException, InterruptedException {
        URI list = URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list");
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(list).timeout(COMMAND_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode target : JSON.readTree(response.body())) {
            if (target.path("type").asText().equals("page")) {
                return URI.create(target.path("webSocketDebuggerUrl").asText());
            }
        }
        throw new IOException("Chromium has no page target: " + response.body());
    }

    /** Sends a DevTools command and waits for its result; a protocol error fails. */
    public JsonNode send(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        command.set("params", JSON.valueToTree(params));
        try {
            synchronized (socket) {  // one send at a time, as WebSocket asks
                socket.sendText(command.toString(), true).orTimeout(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
            }
            JsonNode reply = answer.orTimeout(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
            if (reply.has("error")) {
                throw new IllegalStateException(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } finally {
            pending.remove(id);
        }
    }

    /** Evaluates JavaScript in the page (awaiting a promise) and returns its value; a thrown exception fails. */
    public JsonNode evaluate(String expression) {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("the page threw: " + result.get("exceptionDetails").path("exception")
                    .path("description").asText(result.get("exceptionDetails").toString()) + "\nin: " + expression);
        }
        return result.path("result").path("value");
    }

    /** Opens {@code url} and waits until the page and its deferred scripts have loaded. */
    public void navigate(String url) {
        JsonNode result = send("Page.navigate", Map.of("url", url));
        if (result.hasNonNull("errorText")) {
            throw new IllegalStateException("could not open " + url + ": " + result.get("errorText").asText());
        }
        Await.until("the page " + url + " has loaded", Duration.ofSeconds(30),
                () -> evaluate("location.href + ' ' + document.readyState").asText(),
                state -> state.equals(url + " complete"));
    }

    /** Clicks the middle of the element {@code selector} names with the mouse, as a user would. */
    public void click(String selector) {
        JsonNode at = evaluate("(() => { const e = document.querySelector(" + JSON.valueToTree(selector)
                + "); e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                + " return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
        for (String type : new String[] {"mousePressed", "mouseReleased"}) {
            send("Input.dispatchMouseEvent", Map.of("type", type, "x", at.get("x").asDouble(), "y",
                    at.get("y").asDouble(), "button", "left", "clickCount", 1));
        }
    }

    /** Focuses {@code selector} and types {@code text} into it, as a keyboard would. */
    public void type(String selector, String text) {
        evaluate("document.querySelector(" + JSON.valueToTree(selector) + ").focus()");
        send("Input.insertText", Map.of("text", text));
    }

    /** Presses Enter in the focused element. */
    public void pressEnter() {
        for (String type : new String[] {"keyDown", "keyUp"}) {
            send("Input.dispatchKeyEvent", Map.of("type", type, "key", "Enter", "code", "Enter",
                    "windowsVirtualKeyCode", 13));
        }
    }

    /** A PNG of what the page shows. */
    public byte[] screenshot() {
        return Base64.getDecoder().decode(send("Page.captureScreenshot", Map.of("format", "png")).path("data").asText());
    }

    @Override
    public void close() {
        try {
            socket.abort();
        } finally {
            stop(process, profile);
        }
    }

    private static void stop(Process process, Path profile) {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a leftover file in the temp dir is not worth failing a test for
        }
    }

    /** Collects each message (they may come in parts) and hands command results to their waiting caller. */
    private final class Receiver implements WebSocket.Listener {

        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                try {
                    JsonNode reply = JSON.readTree(message.toString());
                    CompletableFuture<JsonNode> waiting = reply.has("id") ? pending.get(reply.get("id").asInt()) : null;
                    if (waiting != null) {
                        waiting.complete(reply);
                    }
                } catch (IOException e) {
                    pending.values().forEach(p -> p.completeExceptionally(e));
                } finally {
                    message.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            pending.values().forEach(p -> p.completeExceptionally(new IOException("Chromium closed: " + reason)));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(p -> p.completeExceptionally(error));
        }
    }
}
