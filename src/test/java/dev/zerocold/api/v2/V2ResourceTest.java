package dev.zerocold.api.v2;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Open Inference Protocol REST endpoints, written from the protocol's documents: metadata and
 * health, inference with the standard JSON tensors for every task (BYTES and FP32), the metadata
 * checked against what the loaded ONNX graphs really take, and the protocol's error bodies.
 */
@QuarkusTest
public class V2ResourceTest {

    private static final String PNG = "benchmarks/data/fashion-mnist-test-0.png";
    private static final String REFERENCE = "src/test/resources/reference/fashion-mnist-test-0.json";

    /** A request tensor as the protocol writes it: name, datatype, shape, data. */
    public static Map<String, Object> tensor(String name, String datatype, List<Integer> shape, Object data) {
        Map<String, Object> tensor = new LinkedHashMap<>();
        tensor.put("name", name);
        tensor.put("datatype", datatype);
        tensor.put("shape", shape);
        tensor.put("data", data);
        return tensor;
    }

    static Response infer(String model, Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/v2/models/" + model + "/infer");
    }

    @Test
    void serverMetadataAndHealth() {
        String body = given().get("/v2").then().statusCode(200).contentType(ContentType.JSON)
                .body("name", equalTo("zerocold")).body("extensions", hasItem("model_repository"))
                .extract().asString();
        OipSchemas.assertValid("metadata_server_response", body);
        given().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2/models/sentiment/ready").then().statusCode(200).body("name", equalTo("sentiment"))
                .body("ready", equalTo(true));
        given().get("/v2/models/sentiment/versions/1/ready").then().statusCode(200).body("ready", equalTo(true));
    }

    @Test
    void sentimentTakesTextAsBytes() {
        String metadata = given().get("/v2/models/sentiment").then().statusCode(200)
                .body("platform", equalTo("onnxruntime_onnx"))
                .body("versions", hasItem("1"))
                .body("inputs[0].name", equalTo("text")).body("inputs[0].datatype", equalTo("BYTES"))
                .body("inputs[0].shape", equalTo(List.of(-1)))
                .body("outputs[0].name", equalTo("probabilities")).body("outputs[0].shape", equalTo(List.of(-1, 2)))
                .body("outputs[1].name", equalTo("label"))
                .extract().asString();
        OipSchemas.assertValid("metadata_model_response", metadata);

        String body = infer("sentiment", Map.of("id", "req-7", "inputs",
                List.of(tensor("text", "BYTES", List.of(2), List.of("I loved every minute of it", "Terrible. It broke at once.")))))
                .then().statusCode(200)
                .body("model_name", equalTo("sentiment")).body("model_version", equalTo("1")).body("id", equalTo("req-7"))
                .body("outputs[0].name", equalTo("probabilities")).body("outputs[0].shape", equalTo(List.of(2, 2)))
                .body("outputs[0].data", hasSize(4))
                .body("outputs[1].name", equalTo("label")).body("outputs[1].datatype", equalTo("BYTES"))
                .body("outputs[1].data", equalTo(List.of("positive", "negative")))
                .extract().asString();
        OipSchemas.assertValid("inference_response", body);
        List<Float> p = JsonPath.from(body).getList("outputs[0].data", Float.class);
        assertEquals(1.0, p.get(0) + p.get(1), 1e-4);
        assertTrue(p.get(1) > 0.5 && p.get(2) > 0.5, p.toString());
    }

    @Test
    void requestedOutputsAndParametersAreHonoured() {
        infer("sentiment-fast", Map.of("inputs", List.of(tensor("text", "BYTES", List.of(1), List.of("Great value"))),
                "outputs", List.of(Map.of("name", "label", "parameters", Map.of("binary_data", false))),
                "parameters", Map.of("binary_data_output", false)))
                .then().statusCode(200)
                .body("outputs", hasSize(1)).body("outputs[0].name", equalTo("label"))
                .body("outputs[0].data", equalTo(List.of("positive")));
    }

    @Test
    void imageMetadataIsTheLoadedNetworksInput() throws Exception {
        Map<String, NodeInfo> graph = graphInputs(Path.of("models/image/1/model.onnx"));
        String network = graph.keySet().iterator().next();
        long[] shape = ((TensorInfo) graph.get(network).getInfo()).getShape();
        String metadata = given().get("/v2/models/image").then().statusCode(200)
                .body("inputs", hasSize(1))
                .body("inputs[0].name", equalTo(network)).body("inputs[0].datatype", equalTo("FP32"))
                .body("inputs[0].shape", equalTo(List.of(-1, (int) shape[1], (int) shape[2], (int) shape[3])))
                .body("outputs[0].shape", equalTo(List.of(-1, 10)))
                .extract().asString();
        OipSchemas.assertValid("metadata_model_response", metadata);
    }

    /**
     * The encoded image and the tensor it should become, computed from the model.yaml's preprocessing
     * by Pillow and NumPy ({@link #REFERENCE}, written by {@code make_image_tensors.py} beside it), get
     * the same answer: the server preprocesses the image as declared.
     */
    @Test
    void anImageAsEncodedBytesAndAsItsReferenceTensorGetTheSameAnswer() throws Exception {
        byte[] png = Files.readAllBytes(Path.of(PNG));
        String encoded = infer("image", Map.of("inputs", List.of(tensor("image", "BYTES", List.of(1),
                List.of(Base64.getEncoder().encodeToString(png))))))
                .then().statusCode(200).body("outputs[1].data", equalTo(List.of("ankle boot"))).extract().asString();

        JsonPath reference = JsonPath.from(Path.of(REFERENCE).toFile());
        assertEquals(PNG, reference.getString("image"));
        List<Integer> shape = reference.getList("shape", Integer.class);
        assertEquals(List.of(1, 1, 28, 28), shape);
        List<Float> values = reference.getList("data", Float.class);
        String tensor = infer("image", Map.of("inputs", List.of(tensor("input", "FP32", shape, values))))
                .then().statusCode(200).body("outputs[0].shape", equalTo(List.of(1, 10)))
                .body("outputs[1].data", equalTo(List.of("ankle boot"))).extract().asString();
        OipSchemas.assertValid("inference_response", tensor);
        List<Float> a = JsonPath.from(encoded).getList("outputs[0].data", Float.class);
        List<Float> b = JsonPath.from(tensor).getList("outputs[0].data", Float.class);
        assertEquals(10, a.size());
        for (int i = 0; i < a.size(); i++) {
            // relative: the unlikely classes' probabilities are tiny, and a preprocessing error moves them too
            assertEquals(a.get(i), b.get(i), 1e-4 * Math.max(a.get(i), b.get(i)) + 1e-12, "class " + i);
        }
        infer("image", Map.of("inputs", List.of(tensor("image", "BYTES", List.of(1), List.of(Base64.getEncoder().encodeToString(png))),
                tensor("input", "FP32", shape, values))))
                .then().statusCode(400).body("error", containsString("exactly one input"));
    }

    @Test
    void recommenderTakesUserIds() {
        String body = infer("recommender", Map.of("inputs", List.of(tensor("user_id", "BYTES", List.of(2), List.of("42", "7")),
                tensor("limit", "INT32", List.of(1), List.of(5)))))
                .then().statusCode(200)
                .body("outputs[0].name", equalTo("item_ids")).body("outputs[0].shape", equalTo(List.of(2, 5)))
                .body("outputs[1].name", equalTo("scores")).body("outputs[1].datatype", equalTo("FP32"))
                .extract().asString();
        OipSchemas.assertValid("inference_response", body);
        List<String> items = JsonPath.from(body).getList("outputs[0].data", String.class);
        List<String> rest = given().contentType(ContentType.JSON).body(Map.of("user_id", "42", "limit", 5))
                .post("/api/predict/recommend").then().statusCode(200).extract().jsonPath()
                .getList("recommendations.item_id", String.class);
        assertEquals(rest, items.subList(0, 5));
    }

    @Test
    void errorsAreProtocolErrorBodies() {
        error(infer("no-such-model", Map.of("inputs", List.of(tensor("text", "BYTES", List.of(1), List.of("hi"))))), 404,
                "no-such-model");
        error(given().get("/v2/models/no-such-model"), 404, "no-such-model");
        error(infer("sentiment", Map.of("inputs", List.of(tensor("text", "FP32", List.of(1), List.of(1.5))))), 400,
                "must be BYTES");
        error(infer("sentiment", Map.of("inputs", List.of(tensor("text", "BYTES", List.of(3), List.of("a", "b"))))), 400,
                "holds 3 values, data has 2");
        error(infer("sentiment", Map.of("inputs", List.of(tensor("text", "BYTES", List.of(1, 1), List.of("a"))))), 400,
                "has shape [1, 1]");
        error(infer("sentiment", Map.of("inputs", List.of(tensor("text", "BYTES", List.of(1), List.of(5))))), 400,
                "must be a string");
        error(infer("sentiment", Map.of("inputs", List.of(tensor("text", "BYTES", List.of(1), List.of(List.of("a")))))), 400,
                "nested deeper than its shape");
        error(infer("sentiment", Map.of("inputs", List.of(tensor("words", "BYTES", List.of(1), List.of("a"))))), 400,
                "unknown input 'words'");
        error(infer("sentiment", Map.of("inputs", List.of(tensor("text", "FP16", List.of(1), List.of(1))))), 400,
                "not served");
        error(infer("sentiment", Map.of("inputs", List.of(tensor("text", "BYTES", List.of(1), List.of("a"))),
                "outputs", List.of(Map.of("name", "logits")))), 400, "unknown output 'logits'");
        error(infer("sentiment", Map.of("inputs", List.of())), 400, "inputs");
        error(given().contentType(ContentType.JSON).body("{inputs: nope").post("/v2/models/sentiment/infer"), 400,
                "not valid JSON");
        error(given().contentType(ContentType.JSON).body("{\"inputs\": [").post("/v2/models/sentiment/infer"), 400,
                "inputs");
        error(given().contentType(ContentType.JSON).body("{\"inputs\": 5}").post("/v2/models/sentiment/infer"), 400, "inputs");
        error(given().get("/v2/models/sentiment/versions/9"), 404, "no version '9'");
    }

    private static void error(Response response, int status, String detail) {
        String body = response.then().statusCode(status).contentType(ContentType.JSON)
                .body("error", containsString(detail)).extract().asString();
        OipSchemas.assertValid("error_response", body);
    }

    static Map<String, NodeInfo> graphInputs(Path onnx) throws Exception {
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx.toString())) {
            return session.getInputInfo();
        }
    }

    static Map<String, NodeInfo> graphOutputs(Path onnx) throws Exception {
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx.toString())) {
            return session.getOutputInfo();
        }
    }
}
