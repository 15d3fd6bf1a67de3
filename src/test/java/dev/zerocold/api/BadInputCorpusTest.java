package dev.zerocold.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 13 ("Strict input"): every case of the bad-input corpus ({@code src/test/resources/bad-input/<family>.jsonl},
 * one JSON object a line) is sent as given and must be answered with a 4xx (the exact {@code status} when the
 * case names one) in {@code application/problem+json} — or {@code {"error": "…"}} in {@code application/json}
 * under {@code /v2}, or OpenAI's {@code {"error": {"message", "type", "param", "code"}}} under {@code /v1} — never a 5xx, and never with a stack trace or a Java class name in the body. After each
 * case the family's good request ({@code bad-input/good.json}) must still succeed.
 *
 * <p>A case: {@code name}, {@code method}, {@code path} (sent as written: no URL encoding is added),
 * {@code content_type} (absent or null: no Content-Type header), {@code body} (UTF-8) or {@code body_base64}
 * (exact bytes: binary images, malformed multipart, invalid UTF-8), optional {@code headers}, optional
 * {@code status}, and optional {@code expand}: placeholders in {@code body} replaced by a string repeated
 * {@code times} times ({@code {"{{LONG}}": {"repeat": "a", "times": 10001}}}), so that oversized and deeply
 * nested bodies stay one short line. A family's good request may carry {@code setup} (requests run once
 * before its first case) and {@code body_contains} (a string its answer must hold). Multipart bodies are raw bytes sent with the case's exact Content-Type,
 * so that malformed multipart can be expressed.
 */
@QuarkusTest
class BadInputCorpusTest {

    private static final String DIR = "bad-input";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = "test-admin-key";
    private static final int MAX_BODY_IN_MESSAGE = 600;
    /** Optional: {@code -Dbad-input.trace=<file>} appends every case's answer to that file (for triage). */
    private static final String TRACE = System.getProperty("bad-input.trace");

    /** What must never appear in an error body: stack frames, exception and package names. */
    private static final List<String> LEAKS = List.of("Exception", "Caused by", "\tat ", "at dev.", "dev.zerocold",
            "java.", "javax.", "jakarta.", "com.fasterxml", "org.jboss", "io.quarkus", "io.vertx", "io.smallrye",
            "io.netty", "ai.onnxruntime", "opennlp.");

    /**
     * RestAssured sends {@code Content-Type: *}{@code /*} for a body without a content type; a request
     * carrying this marker header leaves with no Content-Type at all (and without the marker).
     */
    private static final String NO_CONTENT_TYPE = "X-Corpus-No-Content-Type";

    /** Raw bytes with the case's exact Content-Type (no charset appended), and no request hangs the suite. */
    @SuppressWarnings("deprecation")  // DefaultHttpClient is the HttpClient 4 type RestAssured builds on
    private static final RestAssuredConfig CONFIG = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)
                    // the body is sent as the case's bytes, not re-encoded as form parameters
                    .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.BINARY))
            .httpClient(HttpClientConfig.httpClientConfig()
                    .httpClientFactory(() -> {
                        org.apache.http.impl.client.DefaultHttpClient client = new org.apache.http.impl.client.DefaultHttpClient();
                        client.addRequestInterceptor((request, context) -> {
                            if (request.containsHeader(NO_CONTENT_TYPE)) {
                                request.removeHeaders("Content-Type");
                                request.removeHeaders(NO_CONTENT_TYPE);
                            }
                        });
                        return client;
                    })
                    .setParam("http.connection.timeout", 5_000)
                    .setParam("http.socket.timeout", 30_000));

    private static JsonNode goodRequests;
    private static final Set<String> SET_UP = new HashSet<>();
    private static Set<String> modelsBefore;

    static Stream<Arguments> corpus() throws IOException, URISyntaxException {
        URL dir = BadInputCorpusTest.class.getClassLoader().getResource(DIR);
        assertTrue(dir != null && "file".equals(dir.getProtocol()), "test resources folder " + DIR + " not found");
        List<Path> files;
        try (Stream<Path> listed = Files.list(Path.of(dir.toURI()))) {
            files = listed.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        assertTrue(!files.isEmpty(), "no .jsonl files in " + DIR);
        List<Arguments> cases = new ArrayList<>();
        for (Path file : files) {
            String family = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
            Set<String> names = new HashSet<>();
            int lineNumber = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode c = JSON.readTree(line);
                String name = c.path("name").asText(null);
                assertTrue(name != null && names.add(name), file.getFileName() + ":" + lineNumber
                        + ": every case needs a name, unique in its file");
                cases.add(Arguments.of(Named.of(family + ": " + name, family), line));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void badInputIsAClientErrorAndTheServiceStillAnswers(String family, String line) throws IOException {
        JsonNode c = JSON.readTree(line);
        List<String> failures = new ArrayList<>();
        if (family.equals("management") && modelsBefore == null) {
            modelsBefore = deployedModels();
        }
        setUp(family);
        try {
            Response response = send(c);
            failures.addAll(check(c, response));
            trace(family, c, response, failures.isEmpty());
        } catch (RuntimeException e) {
            failures.add("the request failed without an answer: " + e);
        }
        JsonNode good = good(family);
        try {
            Response after = send(good);
            int want = good.path("status").asInt(200);
            if (after.statusCode() != want) {
                failures.add("the good request afterwards (" + good.path("name").asText() + ") answered "
                        + after.statusCode() + " instead of " + want + ": " + shorten(after.asString()));
            } else if (good.hasNonNull("body_contains") && !after.asString().contains(good.get("body_contains").asText())) {
                failures.add("the good request afterwards (" + good.path("name").asText() + ") answered without "
                        + good.get("body_contains").asText() + ": " + shorten(after.asString()));
            }
        } catch (RuntimeException e) {
            failures.add("the good request afterwards failed without an answer: " + e);
        }
        if (family.equals("management")) {
            removeModelsDeployedByCases();
        }
        if (!failures.isEmpty()) {
            fail("[" + family + "] " + c.path("name").asText() + " (" + c.path("method").asText() + " "
                    + c.path("path").asText() + "):\n  - " + String.join("\n  - ", failures));
        }
    }

    /**
     * Runs the family's {@code setup} requests from {@code good.json} (each must succeed) once, before its
     * first case: state the cases need, such as a collection with documents.
     */
    private static synchronized void setUp(String family) throws IOException {
        if (!SET_UP.add(family)) {
            return;
        }
        for (JsonNode step : good(family).path("setup")) {
            Response response = send(step);
            assertTrue(response.statusCode() >= 200 && response.statusCode() < 300, "[" + family + "] setup '"
                    + step.path("name").asText() + "' answered " + response.statusCode() + ": " + shorten(response.asString()));
        }
    }

    /** What is wrong with the answer to a bad request (empty: nothing). */
    private static List<String> check(JsonNode c, Response response) {
        List<String> failures = new ArrayList<>();
        int status = response.statusCode();
        String contentType = response.contentType() == null ? "" : response.contentType();
        String body = response.asString();
        String answer = status + " " + (contentType.isEmpty() ? "(no content type)" : contentType) + " " + shorten(body);
        boolean v2 = c.path("path").asText().startsWith("/v2/") || c.path("path").asText().equals("/v2");
        boolean v1 = c.path("path").asText().startsWith("/v1/") || c.path("path").asText().equals("/v1");
        if (c.hasNonNull("status")) {
            if (status != c.get("status").asInt()) {
                failures.add("expected status " + c.get("status").asInt() + ", got " + answer);
            }
        } else if (status < 400 || status > 499) {
            failures.add("expected a 4xx, got " + answer);
        }
        if (status < 400) {
            return failures;  // an accepted request: the error-shape checks below do not apply
        }
        for (String leak : LEAKS) {
            if (body.contains(leak)) {
                failures.add("the body names internals ('" + leak.replace("\t", "\\t") + "'): " + answer);
                break;
            }
        }
        String mediaType = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        JsonNode json = null;
        try {
            json = body.isEmpty() ? null : JSON.readTree(body);
        } catch (IOException e) {
            // reported below
        }
        if (v1) {
            JsonNode error = json == null ? null : json.get("error");
            if (!mediaType.equals("application/json")) {
                failures.add("a /v1 error must be application/json, got " + answer);
            }
            if (error == null || json.size() != 1 || !error.path("message").isTextual()
                    || error.get("message").asText().isBlank() || !error.path("type").isTextual()
                    || !error.has("param") || !error.has("code")) {
                failures.add("a /v1 error must be OpenAI's {\"error\": {\"message\", \"type\", \"param\", \"code\"}}, got "
                        + answer);
            }
        } else if (v2) {
            if (!mediaType.equals("application/json")) {
                failures.add("a /v2 error must be application/json, got " + answer);
            }
            if (json == null || !json.isObject() || !json.path("error").isTextual() || json.get("error").asText().isBlank()
                    || json.size() != 1) {
                failures.add("a /v2 error must be {\"error\": \"…\"}, got " + answer);
            }
        } else {
            if (!mediaType.equals("application/problem+json")) {
                failures.add("an error must be application/problem+json, got " + answer);
            }
            if (json == null || !json.isObject() || json.path("status").asInt() != status
                    || !json.path("title").isTextual() || !json.path("type").isTextual()
                    || !json.path("detail").isTextual()) {
                failures.add("an error must be a problem with type, title, status (= " + status + ") and detail, got "
                        + answer);
            }
        }
        return failures;
    }

    private static Response send(JsonNode c) {
        RequestSpecification request = RestAssured.given().config(CONFIG).urlEncodingEnabled(false);
        JsonNode contentType = c.get("content_type");
        if (contentType == null || contentType.isNull()) {
            request.noContentType().header(NO_CONTENT_TYPE, "true");
        } else {
            request.contentType(contentType.asText());
        }
        Iterator<Map.Entry<String, JsonNode>> headers = c.path("headers").fields();
        while (headers.hasNext()) {
            Map.Entry<String, JsonNode> header = headers.next();
            request.header(header.getKey(), header.getValue().asText());
        }
        byte[] body = body(c);
        if (body != null) {
            request.body(body);
        }
        return request.request(c.path("method").asText(), c.path("path").asText());
    }

    private static byte[] body(JsonNode c) {
        if (c.hasNonNull("body_base64")) {
            return Base64.getDecoder().decode(c.get("body_base64").asText());
        }
        if (!c.hasNonNull("body")) {
            return null;
        }
        String body = c.get("body").asText();
        Iterator<Map.Entry<String, JsonNode>> expansions = c.path("expand").fields();
        while (expansions.hasNext()) {
            Map.Entry<String, JsonNode> expansion = expansions.next();
            String repeated = expansion.getValue().path("repeat").asText()
                    .repeat(expansion.getValue().path("times").asInt());
            body = body.replace(expansion.getKey(), repeated);
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static synchronized JsonNode good(String family) throws IOException {
        if (goodRequests == null) {
            try (InputStream in = BadInputCorpusTest.class.getClassLoader().getResourceAsStream(DIR + "/good.json")) {
                assertTrue(in != null, DIR + "/good.json not found");
                goodRequests = JSON.readTree(in);
            }
        }
        JsonNode good = goodRequests.get(family);
        assertTrue(good != null, DIR + "/good.json has no good request for family '" + family + "'");
        return good;
    }

    /**
     * A management case that the server wrongly accepts may deploy a model (the corpus names most of them
     * {@code corpus-…}); every model that was not deployed before the first management case is removed again,
     * so that it cannot disturb later cases or tests.
     */
    private static void removeModelsDeployedByCases() throws IOException {
        for (String name : deployedModels()) {
            if (!modelsBefore.contains(name)) {
                RestAssured.given().config(CONFIG).header("X-API-Key", API_KEY).delete("/models/" + name);
            }
        }
    }

    private static Set<String> deployedModels() throws IOException {
        Set<String> names = new HashSet<>();
        for (JsonNode model : JSON.readTree(RestAssured.given().config(CONFIG).get("/models").asString())) {
            boolean live = false;
            for (JsonNode version : model.path("versions")) {
                live |= !"UNLOADING".equals(version.path("status").asText());
            }
            if (live) {
                names.add(model.path("name").asText());
            }
        }
        return names;
    }

    private static synchronized void trace(String family, JsonNode c, Response response, boolean passed) {
        if (TRACE == null) {
            return;
        }
        String line = (passed ? "PASS" : "FAIL") + "\t" + family + "\t" + c.path("name").asText() + "\t"
                + response.statusCode() + "\t" + response.contentType() + "\t" + shorten(response.asString()) + "\n";
        try {
            Files.writeString(Path.of(TRACE), line, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String shorten(String body) {
        String oneLine = body.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        return oneLine.length() <= MAX_BODY_IN_MESSAGE ? oneLine
                : oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "… (" + oneLine.length() + " chars)";
    }
}
