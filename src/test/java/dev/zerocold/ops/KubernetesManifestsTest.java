package dev.zerocold.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manifests in k8s/ parse and probe the health paths and port the app really serves. */
class KubernetesManifestsTest {

    private static final Set<String> HEALTH_PATHS = Set.of("/q/health/started", "/q/health/ready", "/q/health/live");

    @Test
    void knativeServiceScalesToZeroAndProbesHealth() throws IOException {
        knativeService("knative-service.yaml");
    }

    @Test
    void snapshotServiceRestoresWithTheCapabilitiesCriuNeeds() throws IOException {
        JsonNode container = knativeService("knative-service-snapshot.yaml");
        List<String> added = new ArrayList<>();
        container.at("/securityContext/capabilities/add").forEach(c -> added.add(c.asText()));
        assertTrue(added.containsAll(List.of("CHECKPOINT_RESTORE", "SYS_PTRACE")), "capabilities: " + added);
        assertEquals(0, container.at("/securityContext/runAsUser").asInt(-1));
    }

    @Test
    void deploymentServiceAndAutoscalerAreConsistent() throws IOException {
        List<JsonNode> docs = read("deployment.yaml");
        List<String> kinds = docs.stream().map(d -> d.path("kind").asText()).toList();
        assertEquals(List.of("Deployment", "Service", "HorizontalPodAutoscaler"), kinds);
        checkContainer(docs.get(0).at("/spec/template/spec/containers/0"));
        assertEquals(appPort(), docs.get(1).at("/spec/ports/0/targetPort").asInt());
        assertEquals("zerocold", docs.get(2).at("/spec/scaleTargetRef/name").asText());
    }

    /** A Knative Service that scales to zero and probes the app's health; returns its container. */
    private static JsonNode knativeService(String file) throws IOException {
        List<JsonNode> docs = read(file);
        assertEquals(1, docs.size());
        JsonNode service = docs.get(0);
        assertEquals("serving.knative.dev/v1", service.path("apiVersion").asText());
        assertEquals("Service", service.path("kind").asText());
        JsonNode annotations = service.at("/spec/template/metadata/annotations");
        assertEquals("0", annotations.path("autoscaling.knative.dev/min-scale").asText());
        assertTrue(annotations.path("autoscaling.knative.dev/target").asInt() > 0);
        assertTrue(annotations.has("autoscaling.knative.dev/scale-down-delay"));
        JsonNode container = service.at("/spec/template/spec/containers/0");
        checkContainer(container);
        return container;
    }

    private static void checkContainer(JsonNode container) throws IOException {
        assertEquals(appPort(), container.at("/ports/0/containerPort").asInt());
        List<String> paths = new ArrayList<>();
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertFalse(get.isMissingNode(), probe + " has no httpGet");
            assertEquals(appPort(), get.path("port").asInt(), probe + " port");
            paths.add(get.path("path").asText());
        }
        assertEquals(HEALTH_PATHS, Set.copyOf(paths));
        assertTrue(container.at("/resources/limits/memory").isTextual());
        assertTrue(container.at("/resources/requests/cpu").isTextual());
    }

    private static int appPort() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return Integer.parseInt(properties.getProperty("quarkus.http.port", "8080"));
    }

    private static List<JsonNode> read(String file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (var parser = yaml.getFactory().createParser(Path.of("k8s", file).toFile())) {
            return yaml.readValues(parser, JsonNode.class).readAll().stream().filter(n -> !n.isNull()).toList();
        }
    }
}
