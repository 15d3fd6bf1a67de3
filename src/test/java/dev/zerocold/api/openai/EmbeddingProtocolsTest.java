package dev.zerocold.api.openai;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.zerocold.api.openai.EmbeddingsResourceTest.cosine;
import static dev.zerocold.api.openai.EmbeddingsResourceTest.embeddings;
import static dev.zerocold.api.openai.EmbeddingsResourceTest.floats;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The same embedding models over the Open Inference Protocol and {@code /predict/{name}}: the same vectors as {@code /v1}. */
@QuarkusTest
class EmbeddingProtocolsTest {

    private static final String MODEL = "bge-small-en-v1.5";
    private static final List<String> TEXTS = List.of("vectors for search", "and for retrieval-augmented generation");

    @Test
    void v2AnswersFp32RowsOfTheModelsWidth() {
        List<List<Number>> reference = embeddings(Map.of("model", MODEL, "input", TEXTS))
                .statusCode(200).extract().path("data.embedding");
        given().get("/v2/models/" + MODEL).then().statusCode(200)
                .body("inputs[0].name", equalTo("text")).body("inputs[0].datatype", equalTo("BYTES"))
                .body("outputs[0].name", equalTo("embedding")).body("outputs[0].shape", equalTo(List.of(-1, 384)));
        List<Number> flat = given().contentType(ContentType.JSON)
                .body(Map.of("inputs", List.of(Map.of("name", "text", "datatype", "BYTES", "shape", List.of(2),
                        "data", TEXTS))))
                .post("/v2/models/" + MODEL + "/infer").then().statusCode(200)
                .body("outputs[0].datatype", equalTo("FP32")).body("outputs[0].shape", equalTo(List.of(2, 384)))
                .extract().path("outputs[0].data");
        for (int i = 0; i < 2; i++) {
            assertEquals(1.0, cosine(floats(flat.subList(i * 384, (i + 1) * 384)), floats(reference.get(i))), 1e-6);
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("inputs", List.of(Map.of("name", "text", "datatype", "BYTES", "shape", List.of(1),
                        "data", List.of(" ")))))
                .post("/v2/models/" + MODEL + "/infer").then().statusCode(400)
                .body("error", equalTo("text[0] must not be blank"));
    }

    @Test
    void predictByNameAnswersEachVectorWithItsTokens() {
        List<Number> reference = embeddings(Map.of("model", MODEL, "input", TEXTS.get(0)))
                .statusCode(200).extract().path("data[0].embedding");
        List<Number> vector = given().contentType(ContentType.JSON).body(Map.of("inputs", TEXTS))
                .post("/predict/" + MODEL).then().statusCode(200)
                .body("outputs.size()", equalTo(2))
                .body("outputs[0].tokens", equalTo(5))
                .body("outputs[0].truncated", equalTo(false))
                .body("model", equalTo(MODEL))
                .extract().path("outputs[0].embedding");
        assertEquals(1.0, cosine(floats(vector), floats(reference)), 1e-6);
    }
}
