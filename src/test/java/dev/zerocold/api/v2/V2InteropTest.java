package dev.zerocold.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerocold.api.admin.ModelRegistryTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Open Inference Protocol as third-party clients speak it, over a plain HTTP client that adds no
 * header of its own: Triton's Python client sends infer bodies without {@code Content-Type} and asks
 * for binary outputs; a generic client lists the repository, reads each model's metadata and fills
 * every listed input with values of the listed datatype and shape (-1 as 1), and expects 200 with
 * the listed outputs.
 */
@QuarkusTest
public class V2InteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aBodyWithoutContentTypeIsJson() throws Exception {
        // Triton's client: no Content-Type, binary_data requested on outputs and for the response.
        String body = """
                {"inputs":[{"name":"text","shape":[1],"datatype":"BYTES","data":["What a lovely day"]}],
                 "outputs":[{"name":"label","parameters":{"binary_data":true}}],
                 "parameters":{"binary_data_output":true}}""";
        HttpResponse<String> answer = post("/v2/models/sentiment/infer", body, null);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode outputs = JSON.readTree(answer.body()).get("outputs");
        assertEquals("label", outputs.get(0).get("name").asText());
        assertEquals("positive", outputs.get(0).get("data").get(0).asText());

        HttpResponse<String> versioned = post("/v2/models/sentiment-fast/versions/1/infer", body, null);
        assertEquals(200, versioned.statusCode(), versioned.body());
    }

    @Test
    void theRepositoryIndexTakesAnEmptyBodyWithoutContentType() throws Exception {
        // Triton's client: get_model_repository_index() POSTs "" with no Content-Type.
        HttpResponse<String> index = post("/v2/repository/index", "",
                HttpRequest.newBuilder().header("X-API-Key", ModelRegistryTest.KEY));
        assertEquals(200, index.statusCode(), index.body());
        assertTrue(JSON.readTree(index.body()).isArray(), index.body());
    }

    @Test
    void binaryTensorDataIsAClearError() throws Exception {
        String json = "{\"inputs\":[{\"name\":\"text\",\"shape\":[1],\"datatype\":\"BYTES\",\"parameters\":"
                + "{\"binary_data_size\":9}}]}";
        HttpResponse<String> answer = post("/v2/models/sentiment/infer", json + "\u0005\0\0\0hello",
                HttpRequest.newBuilder().header("Inference-Header-Content-Length", Integer.toString(json.length())));
        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(JSON.readTree(answer.body()).get("error").asText().contains("binary tensor data extension"),
                answer.body());

        HttpResponse<String> sizeOnly = post("/v2/models/sentiment/infer", json, null);
        assertEquals(400, sizeOnly.statusCode(), sizeOnly.body());
        assertTrue(sizeOnly.body().contains("binary tensor data extension"), sizeOnly.body());
    }

    @Test
    void anExplicitNonJsonTypeIsStill415() throws Exception {
        HttpResponse<String> answer = post("/v2/models/sentiment/infer", "text=hi",
                HttpRequest.newBuilder().header("Content-Type", "application/x-www-form-urlencoded"));
        assertEquals(415, answer.statusCode(), answer.body());
        assertTrue(JSON.readTree(answer.body()).has("error"), answer.body());
    }

    @Test
    void theApiStillRefusesABodyWithoutContentType() throws Exception {
        HttpResponse<String> answer = post("/api/predict/sentiment", "{\"text\":\"hi\"}", null);
        assertEquals(415, answer.statusCode(), answer.body());
    }

    @Test
    void aGenericClientFillingEveryListedInputIsAnsweredByEveryServedModel() throws Exception {
        HttpResponse<String> index = post("/v2/repository/index", "{\"ready\": true}",
                HttpRequest.newBuilder().header("X-API-Key", ModelRegistryTest.KEY));
        assertEquals(200, index.statusCode(), index.body());
        List<String> checked = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(index.body())) {
            String name = entry.get("name").asText();
            String version = entry.get("version").asText();
            for (String path : List.of("/v2/models/" + name, "/v2/models/" + name + "/versions/" + version)) {
                HttpResponse<String> metadata = get(path);
                assertEquals(200, metadata.statusCode(), path + ": " + metadata.body());
                JsonNode spec = JSON.readTree(metadata.body());
                HttpResponse<String> answer = post(path + "/infer", JSON.writeValueAsString(requestFor(spec)), null);
                assertEquals(200, answer.statusCode(), path + " filled from its metadata: " + answer.body());
                List<String> expected = new ArrayList<>();
                spec.get("outputs").forEach(o -> expected.add(o.get("name").asText()));
                List<String> got = new ArrayList<>();
                JSON.readTree(answer.body()).get("outputs").forEach(o -> got.add(o.get("name").asText()));
                assertEquals(expected, got, path);
                checked.add(name + "/" + version);
            }
        }
        assertTrue(checked.containsAll(List.of("sentiment/1", "sentiment-fast/1", "image/1", "tabular/1", "recommender/1")),
                checked.toString());
    }

    /** An inference request for every input a model's metadata lists, -1 dimensions as 1. */
    static ObjectNode requestFor(JsonNode metadata) {
        ObjectNode request = JSON.createObjectNode();
        ArrayNode inputs = request.putArray("inputs");
        for (JsonNode spec : metadata.get("inputs")) {
            ObjectNode input = inputs.addObject();
            input.put("name", spec.get("name").asText());
            String datatype = spec.get("datatype").asText();
            input.put("datatype", datatype);
            ArrayNode shape = input.putArray("shape");
            long elements = 1;
            for (JsonNode dim : spec.get("shape")) {
                long size = dim.asLong() < 0 ? 1 : dim.asLong();
                shape.add(size);
                elements *= size;
            }
            ArrayNode data = input.putArray("data");
            for (long i = 0; i < elements; i++) {
                switch (datatype) {
                    case "BYTES" -> data.add("zerocold-" + i);
                    case "BOOL" -> data.add(i % 2 == 0);
                    case "FP32", "FP64" -> data.add(0.25 + 0.5 * (i % 2));
                    default -> data.add(1 + i % 3);
                }
            }
        }
        assertFalse(inputs.isEmpty(), "metadata lists no input: " + metadata);
        return request;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, HttpRequest.Builder headers) throws Exception {
        HttpRequest.Builder builder = headers == null ? HttpRequest.newBuilder() : headers;
        return HTTP.send(builder.uri(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + RestAssured.port + path);
    }
}
