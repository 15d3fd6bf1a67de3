package dev.zerocold.api.openai;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /v1/embeddings} and {@code /v1/models} as OpenAI's clients call them, on both default models. */
@QuarkusTest
class EmbeddingsResourceTest {

    private static final String MINILM = "all-minilm-l6-v2";
    private static final String BGE = "bge-small-en-v1.5";

    @Test
    void aStringGivesOneUnitVectorInOpenAisShape() {
        for (String model : List.of(MINILM, BGE)) {
            ValidatableResponse answer = embeddings(Map.of("model", model, "input", "The cat sat on the mat."))
                    .statusCode(200)
                    .body("object", equalTo("list"))
                    .body("model", equalTo(model))
                    .body("data[0].object", equalTo("embedding"))
                    .body("data[0].index", equalTo(0))
                    .body("data[0].truncated", nullValue())
                    .body("data[0].embedding.size()", equalTo(384))
                    .body("usage.prompt_tokens", equalTo(9))
                    .body("usage.total_tokens", equalTo(9));
            float[] vector = floats(answer.extract().path("data[0].embedding"));
            assertEquals(1.0, norm(vector), 1e-4, model);
        }
    }

    @Test
    void similarSentencesAreCloserThanUnrelatedOnes() {
        for (String model : List.of(MINILM, BGE)) {
            List<List<Number>> data = embeddings(Map.of("model", model, "input", List.of(
                    "How do I reset my password?", "I forgot my password and need to change it.",
                    "The train to Lyon leaves at noon.")))
                    .statusCode(200).extract().path("data.embedding");
            double related = cosine(floats(data.get(0)), floats(data.get(1)));
            double unrelated = cosine(floats(data.get(0)), floats(data.get(2)));
            assertTrue(related > unrelated + 0.2, model + ": " + related + " vs " + unrelated);
        }
    }

    @Test
    void aBatchAnswersInInputOrderAsSingleRequestsDo() {
        List<String> texts = List.of("short", "a somewhat longer sentence about embeddings and search",
                "mid length text here");
        List<List<Number>> batch = embeddings(Map.of("model", MINILM, "input", texts))
                .statusCode(200).body("data.index", equalTo(List.of(0, 1, 2))).extract().path("data.embedding");
        for (int i = 0; i < texts.size(); i++) {
            List<Number> alone = embeddings(Map.of("model", MINILM, "input", texts.get(i)))
                    .statusCode(200).extract().path("data[0].embedding");
            assertEquals(1.0, cosine(floats(batch.get(i)), floats(alone)), 1e-5, texts.get(i));
        }
    }

    @Test
    void base64IsLittleEndianFloat32OfTheSameVector() {
        Map<String, Object> body = Map.of("model", BGE, "input", "base64 or floats");
        float[] floats = floats(embeddings(body).statusCode(200).extract().path("data[0].embedding"));
        String encoded = embeddings(Map.of("model", BGE, "input", "base64 or floats", "encoding_format", "base64"))
                .statusCode(200).extract().path("data[0].embedding");
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
        float[] decoded = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(decoded);
        assertArrayEquals(floats, decoded, 1e-6f);
    }

    @Test
    void dimensionsShortenThenRenormalise() {
        float[] full = floats(embeddings(Map.of("model", MINILM, "input", "matryoshka"))
                .statusCode(200).extract().path("data[0].embedding"));
        float[] shortened = floats(embeddings(Map.of("model", MINILM, "input", "matryoshka", "dimensions", 64))
                .statusCode(200).extract().path("data[0].embedding"));
        assertEquals(64, shortened.length);
        assertEquals(1.0, norm(shortened), 1e-4);
        double scale = 0;
        for (int i = 0; i < 64; i++) {
            scale += full[i] * full[i];
        }
        for (int i = 0; i < 64; i++) {
            assertEquals(full[i] / Math.sqrt(scale), shortened[i], 1e-5);
        }
        embeddings(Map.of("model", MINILM, "input", "x", "dimensions", 385)).statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("dimensions"))
                .body("error.message", equalTo("dimensions must be between 1 and 384 (the width of model '"
                        + MINILM + "'), not 385"));
        embeddings(Map.of("model", MINILM, "input", "x", "dimensions", -1)).statusCode(400);
    }

    @Test
    void tokenIdsAreTheModelsOwnAndGiveTheTextsVector() {
        // [CLS] hello world [SEP] in the BERT uncased vocabulary both models use.
        List<Integer> ids = List.of(101, 7592, 2088, 102);
        float[] fromIds = floats(embeddings(Map.of("model", MINILM, "input", ids))
                .statusCode(200).body("usage.prompt_tokens", equalTo(4)).extract().path("data[0].embedding"));
        float[] fromText = floats(embeddings(Map.of("model", MINILM, "input", "Hello world"))
                .statusCode(200).body("usage.prompt_tokens", equalTo(4)).extract().path("data[0].embedding"));
        assertEquals(1.0, cosine(fromIds, fromText), 1e-6);
        embeddings(Map.of("model", MINILM, "input", List.of(ids, List.of(101, 102))))
                .statusCode(200).body("data.size()", equalTo(2));
        embeddings(Map.of("model", MINILM, "input", List.of(101, 30522, 102))).statusCode(400)
                .body("error.message", equalTo("input[0]: token id 30522 is not in the model's vocabulary (0 to 30521)"))
                .body("error.param", equalTo("input[0]"));
    }

    @Test
    void aLongTextIsCutAndSaysSoOrRefusedAsAsked() {
        String longText = "word ".repeat(600);
        embeddings(Map.of("model", MINILM, "input", List.of(longText, "short")))
                .statusCode(200)
                .body("data[0].truncated", equalTo(true))
                .body("data[1].truncated", nullValue())
                .body("usage.prompt_tokens", equalTo(256 + 3));
        embeddings(Map.of("model", BGE, "input", longText)).statusCode(200).body("usage.prompt_tokens", equalTo(512));
        embeddings(Map.of("model", MINILM, "input", longText, "truncate", false)).statusCode(400)
                .body("error.message", equalTo("input[0]: is longer than the model's 256 tokens; send \"truncate\": "
                        + "true to cut it to the limit"));
    }

    @Test
    void errorsAreInOpenAisShape() {
        embeddings(Map.of("model", "no-such-model", "input", "x")).statusCode(404)
                .contentType(ContentType.JSON)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("model_not_found"));
        embeddings(Map.of("model", "sentiment", "input", "x")).statusCode(400)
                .body("error.message", equalTo("model 'sentiment' serves task 'sentiment', not 'embedding'"));
        embeddings(Map.of("model", MINILM, "input", List.of())).statusCode(400)
                .body("error.message", equalTo("input must not be empty")).body("error.param", equalTo("input"));
        embeddings(Map.of("model", MINILM, "input", "")).statusCode(400)
                .body("error.message", equalTo("input must not be blank"));
        embeddings(Map.of("model", MINILM, "input", "x", "encoding_format", "int8")).statusCode(400)
                .body("error.param", equalTo("encoding_format"));
        embeddings(Map.of("model", MINILM, "input", "x", "temperature", 1)).statusCode(400)
                .body("error.message", org.hamcrest.Matchers.startsWith("unknown field 'temperature'"));
        embeddings(Map.of("model", MINILM, "input", List.of("a", 1))).statusCode(400)
                .body("error.param", equalTo("input[1]"));
        given().contentType(ContentType.JSON).body("{").post("/v1/embeddings").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"));
        given().get("/v1/nothing-here").then().statusCode(404).body("error.message", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void theDefaultModelServesARequestThatNamesNone() {
        embeddings(Map.of("input", "no model named")).statusCode(200).body("model", equalTo(MINILM));
    }

    @Test
    void modelsAreListedInOpenAisShape() {
        given().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItems(MINILM, BGE, "sentiment"))
                .body("data.find { it.id == '" + BGE + "' }.object", equalTo("model"))
                .body("data.find { it.id == '" + BGE + "' }.owned_by", equalTo("zerocold"))
                .body("data.find { it.id == '" + BGE + "' }.task", equalTo("embedding"));
        given().get("/v1/models/" + MINILM).then().statusCode(200).body("id", equalTo(MINILM));
        given().get("/v1/models/nope").then().statusCode(404).body("error.code", equalTo("model_not_found"));
    }

    static ValidatableResponse embeddings(Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/embeddings").then();
    }

    static float[] floats(List<? extends Number> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    static double cosine(float[] a, float[] b) {
        return dot(a, b) / (norm(a) * norm(b));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
