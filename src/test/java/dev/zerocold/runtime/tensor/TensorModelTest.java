package dev.zerocold.runtime.tensor;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.zerocold.api.admin.ModelRegistryTest;
import dev.zerocold.api.v2.OipSchemas;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

import static dev.zerocold.api.v2.V2ResourceTest.tensor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any ONNX model served by its own tensors ({@code task: tensor}), with no Java written for it: the
 * committed tabular classifier (its held-out accuracy measured through the protocol), a fixture with
 * every served datatype, and a fixture whose fixed shape cannot be batched.
 */
@QuarkusTest
class TensorModelTest {

    private static final Path TABULAR = Path.of("models/tabular/1/model.onnx");
    private static final Path HELD_OUT = Path.of("models/datasets/breast-cancer/test.csv");

    static Response infer(String model, Object... inputs) {
        return given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(inputs)))
                .post("/v2/models/" + model + "/infer");
    }

    @Test
    void metadataIsWhatTheGraphDeclares() throws Exception {
        String body = given().get("/v2/models/tabular").then().statusCode(200)
                .body("platform", equalTo("onnxruntime_onnx")).extract().asString();
        OipSchemas.assertValid("metadata_model_response", body);
        JsonPath metadata = JsonPath.from(body);
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(TABULAR.toString())) {
            assertSpecs(session.getInputInfo(), metadata.getList("inputs"));
            assertSpecs(session.getOutputInfo(), metadata.getList("outputs"));
        }
        given().get("/models/tabular").then().statusCode(200)
                .body("versions[0].task", equalTo("tensor"))
                .body("versions[0].inputs[0].name", equalTo("features"))
                .body("versions[0].inputs[0].shape", equalTo(List.of(-1, 30)));
    }

    private static void assertSpecs(Map<String, NodeInfo> graph, List<Map<String, Object>> served) {
        assertEquals(new ArrayList<>(graph.keySet()), served.stream().map(s -> s.get("name")).toList());
        for (Map<String, Object> spec : served) {
            TensorInfo info = (TensorInfo) graph.get((String) spec.get("name")).getInfo();
            List<Integer> shape = Arrays.stream(info.getShape()).mapToInt(d -> (int) Math.max(d, -1)).boxed().toList();
            assertEquals(shape, spec.get("shape"), spec.toString());
            String type = switch (info.type) {
                case FLOAT -> "FP32";
                case INT64 -> "INT64";
                default -> info.type.name();
            };
            assertEquals(type, spec.get("datatype"), spec.toString());
        }
    }

    @Test
    void tabularClassifierKeepsItsHeldOutAccuracyThroughTheProtocol() throws Exception {
        List<String> lines = Files.readAllLines(HELD_OUT);
        List<Double> features = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            for (int i = 0; i < 30; i++) {
                features.add(Double.parseDouble(cells[i]));
            }
            labels.add(Integer.parseInt(cells[30]));
        }
        int rows = labels.size();
        String body = infer("tabular", tensor("features", "FP32", List.of(rows, 30), features))
                .then().statusCode(200)
                .body("outputs[0].name", equalTo("probabilities")).body("outputs[0].shape", equalTo(List.of(rows, 2)))
                .body("outputs[1].name", equalTo("label")).body("outputs[1].datatype", equalTo("INT64"))
                .extract().asString();
        OipSchemas.assertValid("inference_response", body);
        List<Integer> predicted = JsonPath.from(body).getList("outputs[1].data", Integer.class);
        int correct = 0;
        for (int i = 0; i < rows; i++) {
            correct += predicted.get(i).equals(labels.get(i)) ? 1 : 0;
        }
        double accuracy = (double) correct / rows;
        assertTrue(accuracy >= 0.97, "held-out accuracy " + accuracy + " on " + rows + " rows");

        // The same rows sent one per request, 8 at a time, are batched by the serving core and each
        // request gets its own row back.
        List<Float> batched = JsonPath.from(body).getList("outputs[0].data", Float.class);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Float>>> singles = new ArrayList<>();
            for (int r = 0; r < 40; r++) {
                List<Double> row = features.subList(r * 30, r * 30 + 30);
                singles.add(clients.submit(() -> infer("tabular", tensor("features", "FP32", List.of(1, 30), row))
                        .then().statusCode(200).body("outputs[0].shape", equalTo(List.of(1, 2)))
                        .extract().jsonPath().getList("outputs[0].data", Float.class)));
            }
            for (int r = 0; r < singles.size(); r++) {
                List<Float> single = singles.get(r).get();
                assertEquals(batched.get(r * 2), single.get(0), 1e-6, "row " + r);
                assertEquals(batched.get(r * 2 + 1), single.get(1), 1e-6, "row " + r);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void everyServedDatatypeRoundTrips() {
        deploy("tensor-types");
        String body = infer("tensor-types",
                tensor("fp32", "FP32", List.of(1, 2), List.of(1.5, -0.25)),
                tensor("fp64", "FP64", List.of(1, 2), List.of(1e-300, 2.5)),
                tensor("int8", "INT8", List.of(1, 2), List.of(-128, 127)),
                tensor("int16", "INT16", List.of(1, 2), List.of(-32768, 32767)),
                tensor("int32", "INT32", List.of(1, 2), List.of(-2147483648, 2147483647)),
                tensor("int64", "INT64", List.of(1, 2), List.of(-9007199254740993L, 9007199254740993L)),
                tensor("uint8", "UINT8", List.of(1, 2), List.of(0, 255)),
                tensor("bool", "BOOL", List.of(1, 2), List.of(true, false)),
                tensor("text", "BYTES", List.of(1, 2), List.of("héllo", "")))
                .then().statusCode(200).extract().asString();
        OipSchemas.assertValid("inference_response", body);
        JsonPath out = JsonPath.from(body);
        assertEquals(List.of(1.5f, -0.25f), out.getList("outputs.find { it.name == 'fp32_out' }.data", Float.class));
        assertTrue(body.contains("[1.0E-300,2.5]"), body);  // FP64 keeps what FP32 cannot hold
        assertEquals(List.of(-128, 127), out.getList("outputs.find { it.name == 'int8_out' }.data", Integer.class));
        assertEquals(List.of(-32768, 32767), out.getList("outputs.find { it.name == 'int16_out' }.data", Integer.class));
        assertEquals(List.of(-2147483648, 2147483647),
                out.getList("outputs.find { it.name == 'int32_out' }.data", Integer.class));
        assertTrue(body.contains("[-9007199254740993,9007199254740993]"), body);
        assertEquals(List.of(0, 255), out.getList("outputs.find { it.name == 'uint8_out' }.data", Integer.class));
        assertEquals(List.of(true, false), out.getList("outputs.find { it.name == 'bool_out' }.data", Boolean.class));
        assertEquals(List.of("héllo", ""), out.getList("outputs.find { it.name == 'text_out' }.data", String.class));
        assertEquals(List.of(1, 2), out.getList("outputs.find { it.name == 'bool_out' }.shape", Integer.class));

        error(infer("tensor-types", tensor("uint8", "UINT8", List.of(1, 1), List.of(256))), "out of range");
        error(infer("tensor-types", tensor("int32", "INT32", List.of(1, 1), List.of(1.5))), "must be an integer");
        error(infer("tensor-types", tensor("bool", "BOOL", List.of(1, 1), List.of(1))), "true or false");
        error(infer("tensor-types", tensor("fp32", "FP32", List.of(1, 2), List.of(1, 2))), "is required");
    }

    @Test
    void aFixedShapeModelRunsEachRequestAsItIs() {
        deploy("tensor-fixed");
        given().get("/v2/models/tensor-fixed").then().statusCode(200).body("inputs[0].shape", equalTo(List.of(2, 3)));
        infer("tensor-fixed", tensor("x", "FP32", List.of(2, 3), List.of(List.of(1, 2, 3), List.of(4, 5, 6))))
                .then().statusCode(200).body("outputs[0].name", equalTo("y"))
                .body("outputs[0].shape", equalTo(List.of(2, 3)))
                .body("outputs[0].data", equalTo(List.of(2f, 4f, 6f, 8f, 10f, 12f)));
        error(infer("tensor-fixed", tensor("x", "FP32", List.of(1, 3), List.of(1, 2, 3))), "the model takes [2, 3]");
        error(infer("tensor-fixed", tensor("x", "FP32", List.of(2, 3), List.of(List.of(1, 2), List.of(3, 4, 5, 6)))),
                "nested data does not match its shape");
        error(infer("tensor-fixed", tensor("x", "FP32", List.of(2, 3), List.of(1, 2, 3, 4, 5, 1e39))), "out of range for FP32");
        error(infer("tensor-fixed", tensor("x", "FP64", List.of(2, 3), List.of(1, 2, 3, 4, 5, 6))), "must be FP32");
    }

    @Test
    void theGenericPredictEndpointTakesTensors() {
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(tensor("features", "FP32", List.of(1, 30),
                        Collections.nCopies(30, 0.5)))))
                .post("/predict/tabular")
                .then().statusCode(200).body("model", equalTo("tabular"))
                .body("outputs[1].name", equalTo("label")).body("outputs[1].shape", equalTo(List.of(1)));
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of("text")))
                .post("/predict/tabular").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theRepositoryExtensionLoadsAndUnloadsThroughTheRegistry() {
        given().contentType(ContentType.JSON).body("{}").post("/v2/repository/index")
                .then().statusCode(401).body("error", containsString("API key"));
        admin().body("{}").post("/v2/repository/index").then().statusCode(200)
                .body("findAll { it.name == 'tabular' }.state", hasItem("READY"));
        admin().post("/v2/repository/models/tabular/unload").then().statusCode(200);
        ModelRegistryTest.awaitGone("tabular", List.of("1"));
        given().get("/v2/models/tabular").then().statusCode(404).body("error", containsString("tabular"));
        admin().body("{}").post("/v2/repository/index").then().statusCode(200)
                .body("findAll { it.name == 'tabular' }.state", hasItem("UNAVAILABLE"));
        admin().post("/v2/repository/models/tabular/load").then().statusCode(200);
        given().get("/v2/models/tabular/ready").then().statusCode(200).body("ready", equalTo(true));
        admin().post("/v2/repository/models/no-such-model/load").then().statusCode(404)
                .body("error", containsString("no-such-model"));
    }

    private static RequestSpecification admin() {
        return given().header("X-API-Key", ModelRegistryTest.KEY).contentType(ContentType.JSON);
    }

    private static void deploy(String name) {
        if (given().get("/models/" + name).statusCode() == 404) {
            admin().body(Map.of("path", "src/test/resources/registry/" + name + "/1"))
                    .post("/models/" + name + "/versions/1").then().statusCode(202);
        }
        ModelRegistryTest.awaitStatus(name, "1", "READY");
    }

    private static void error(Response response, String detail) {
        String body = response.then().statusCode(400).contentType(ContentType.JSON)
                .body("error", containsString(detail)).extract().asString();
        OipSchemas.assertValid("error_response", body);
    }
}
