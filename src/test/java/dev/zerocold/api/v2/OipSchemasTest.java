package dev.zerocold.api.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each response schema of the Open Inference Protocol accepts a valid body and rejects a broken one. */
class OipSchemasTest {

    @Test
    void readsTheResponseSchemas() {
        assertEquals(Set.of("metadata_server_response", "metadata_model_response", "metadata_tensor",
                "inference_response", "response_output", "tensor_data", "parameters", "error_response"),
                OipSchemas.schemaNames());
    }

    @Test
    void serverMetadata() {
        OipSchemas.assertValid("metadata_server_response",
                "{\"name\":\"zerocold\",\"version\":\"0.1.0\",\"extensions\":[]}");
        // extensions is required, even when the server has none
        assertInvalid("metadata_server_response", "{\"name\":\"zerocold\",\"version\":\"0.1.0\"}", "extensions");
        assertInvalid("metadata_server_response", "{\"name\":\"zerocold\",\"version\":1,\"extensions\":[]}",
                "version");
    }

    @Test
    void modelMetadata() {
        OipSchemas.assertValid("metadata_model_response", """
                {"name":"sentiment","versions":["1"],"platform":"onnxruntime_onnx",
                 "inputs":[{"name":"input_ids","datatype":"INT64","shape":[-1,-1]}],
                 "outputs":[{"name":"logits","datatype":"FP32","shape":[-1,2]}]}""");
        assertInvalid("metadata_model_response", "{\"name\":\"sentiment\"}", "platform");
        // a tensor's shape holds integers, and nested $refs are checked
        assertInvalid("metadata_model_response", """
                {"name":"sentiment","platform":"onnxruntime_onnx",
                 "inputs":[{"name":"input_ids","datatype":"INT64","shape":["batch"]}]}""", "shape");
    }

    @Test
    void inference() {
        OipSchemas.assertValid("inference_response", """
                {"model_name":"sentiment","model_version":"1","id":"42","parameters":{"cached":false},
                 "outputs":[{"name":"output0","shape":[3,2],"datatype":"FP32",
                             "data":[[1.0,1.1],[2.0,2.1],[3.0,3.1]]},
                            {"name":"label","shape":[1],"datatype":"BYTES","data":["positive"]}]}""");
        assertInvalid("inference_response", "{\"outputs\":[]}", "model_name");
        assertInvalid("inference_response",
                "{\"model_name\":\"sentiment\",\"outputs\":[{\"name\":\"output0\",\"shape\":[1],\"datatype\":\"FP32\"}]}",
                "data");
        assertInvalid("inference_response",
                "{\"model_name\":\"sentiment\",\"outputs\":[{\"name\":\"o\",\"shape\":[1],\"datatype\":\"FP32\","
                        + "\"data\":[{\"x\":1}]}]}",
                "data");
    }

    @Test
    void errors() {
        OipSchemas.assertValid("error_response", "{\"error\":\"unknown model: nope\"}");
        assertInvalid("error_response", "{\"error\":404}", "error");
        assertInvalid("error_response", "{\"message\":\"unknown model\"}", "error");
    }

    @Test
    void rejectsBodiesThatAreNotObjects() {
        assertInvalid("inference_response", "[]", "object");
    }

    @Test
    void refusesAnUnknownSchemaName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OipSchemas.assertValid("live_server_response", "{\"live\":true}"));
        assertTrue(e.getMessage().contains("inference_response"), e.getMessage());
    }

    private static void assertInvalid(String schemaName, String json, String mentioned) {
        AssertionError e = assertThrows(AssertionError.class, () -> OipSchemas.assertValid(schemaName, json),
                () -> schemaName + " accepted " + json);
        assertTrue(e.getMessage().contains(mentioned), e.getMessage());
    }
}
