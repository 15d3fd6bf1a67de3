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
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifests in k8s/ parse, run the project's images under one registry placeholder, probe the
 * health paths and port the app really serves, keep the state directory and the interaction journal
 * on a PersistentVolumeClaim (one writer), and run the JVM image as non-root on a read-only root
 * filesystem; the snapshot image runs as root with the capabilities criu needs.
 */
class KubernetesManifestsTest {

    private static final Set<String> HEALTH_PATHS = Set.of("/q/health/started", "/q/health/ready", "/q/health/live");
    /** The registry placeholder every manifest and doc uses; the tags are those build-images.sh makes. */
    private static final String IMAGE = "registry.example.com/zerocold:";
    /** The images' working directory: relative state paths of application.properties resolve against it. */
    private static final Path WORKDIR = Path.of("/deployments");
    private static final String STATE_MOUNT = "/deployments/data";
    private static final long APP_UID = 1001;

    @Test
    void knativeServiceRunsTheAotImageWithItsStateOnAClaim() throws IOException {
        List<JsonNode> docs = read("knative-service.yaml");
        assertEquals(List.of("PersistentVolumeClaim", "Service"), kinds(docs));
        JsonNode service = docs.get(1);
        JsonNode container = knativeService(service);
        assertEquals(IMAGE + "jvm-aot", container.path("image").asText());
        assertPushed("knative-service.yaml", "jvm-aot");
        JsonNode pod = service.at("/spec/template/spec");
        assertStateOnClaim(pod, container, docs.get(0));
        assertEquals("1", service.at("/spec/template/metadata/annotations").path("autoscaling.knative.dev/max-scale").asText(),
                "one pod per state volume");
        assertNonRootReadOnly(pod, container);
    }

    @Test
    void snapshotServiceRestoresWithTheCapabilitiesCriuNeeds() throws IOException {
        List<JsonNode> docs = read("knative-service-snapshot.yaml");
        assertEquals(List.of("Service"), kinds(docs));
        JsonNode container = knativeService(docs.get(0));
        assertEquals(IMAGE + "jvm-snapshot", container.path("image").asText());
        assertPushed("knative-service-snapshot.yaml", "jvm-snapshot");
        List<String> added = new ArrayList<>();
        container.at("/securityContext/capabilities/add").forEach(c -> added.add(c.asText()));
        assertTrue(added.containsAll(List.of("CHECKPOINT_RESTORE", "SYS_PTRACE", "SYS_ADMIN", "NET_ADMIN", "SYS_TIME")),
                "capabilities a restore needs (tried with podman): " + added);
        assertEquals(0, container.at("/securityContext/runAsUser").asInt(-1));
        assertEquals("Unconfined", container.at("/securityContext/seccompProfile/type").asText());
        // A restored process keeps the state it read at dump time and would overwrite a volume's.
        assertTrue(mount(container, STATE_MOUNT).isEmpty(), "the snapshot service mounts no state volume");
    }

    @Test
    void deploymentKeepsItsStateOnAClaimWithOneWriter() throws IOException {
        List<JsonNode> docs = read("deployment.yaml");
        assertEquals(List.of("PersistentVolumeClaim", "Deployment", "Service"), kinds(docs));
        JsonNode deployment = docs.get(1);
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        checkContainer(container);
        assertEquals(IMAGE + "jvm-aot", container.path("image").asText());
        assertPushed("deployment.yaml", "jvm-aot");
        assertEquals("", env(container, "JAVA_RUN_OPTS").orElse(null), "long-lived pods use C2");
        assertStateOnClaim(pod, container, docs.get(0));
        assertEquals(1, deployment.at("/spec/replicas").asInt());
        assertEquals("Recreate", deployment.at("/spec/strategy/type").asText(), "no second pod on the volume during a rollout");
        assertNonRootReadOnly(pod, container);
        assertEquals(appPort(), docs.get(2).at("/spec/ports/0/targetPort").asInt());
        assertEquals(deployment.at("/spec/selector/matchLabels"), docs.get(2).at("/spec/selector"));
    }

    /** A Knative Service that scales to zero and probes the app's health; returns its container. */
    private static JsonNode knativeService(JsonNode service) throws IOException {
        assertEquals("serving.knative.dev/v1", service.path("apiVersion").asText());
        assertEquals("Service", service.path("kind").asText());
        JsonNode annotations = service.at("/spec/template/metadata/annotations");
        assertEquals("0", annotations.path("autoscaling.knative.dev/min-scale").asText());
        assertTrue(annotations.path("autoscaling.knative.dev/target").asInt() > 0);
        assertTrue(annotations.has("autoscaling.knative.dev/scale-down-delay"));
        JsonNode containers = service.at("/spec/template/spec/containers");
        assertEquals(1, containers.size());
        checkContainer(containers.get(0));
        return containers.get(0);
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

    /**
     * The app's state directory and interaction journal (application.properties, relative to the
     * image's working directory) lie under a writable mount of {@code claim}, declared in the same file.
     */
    private static void assertStateOnClaim(JsonNode pod, JsonNode container, JsonNode claim) throws IOException {
        assertEquals("PersistentVolumeClaim", claim.path("kind").asText());
        assertTrue(claim.at("/spec/accessModes").toString().contains("ReadWriteOnce"), "access modes");
        JsonNode mount = mount(container, STATE_MOUNT).orElseThrow(() -> new AssertionError("nothing mounted at " + STATE_MOUNT));
        assertFalse(mount.path("readOnly").asBoolean(false), "the state mount is writable");
        JsonNode volume = volume(pod, mount.path("name").asText());
        assertEquals(claim.at("/metadata/name").asText(), volume.at("/persistentVolumeClaim/claimName").asText());
        assertFalse(volume.at("/persistentVolumeClaim/readOnly").asBoolean(false));
        Properties properties = appProperties();
        for (String state : List.of(properties.getProperty("zerocold.models.state-dir", "data"),
                properties.getProperty("zerocold.recommend.journal"))) {
            assertTrue(WORKDIR.resolve(state).normalize().startsWith(STATE_MOUNT), state + " is not under " + STATE_MOUNT);
        }
    }

    /** Non-root uid 1001 on a read-only root filesystem, with an emptyDir for /tmp. */
    private static void assertNonRootReadOnly(JsonNode pod, JsonNode container) {
        JsonNode own = container.path("securityContext");
        JsonNode shared = pod.path("securityContext");
        assertTrue(own.path("readOnlyRootFilesystem").asBoolean(false), "read-only root filesystem");
        assertTrue(own.path("runAsNonRoot").asBoolean(false) || shared.path("runAsNonRoot").asBoolean(false), "runAsNonRoot");
        long uid = own.has("runAsUser") ? own.path("runAsUser").asLong() : shared.path("runAsUser").asLong(-1);
        assertEquals(APP_UID, uid, "runAsUser");
        assertFalse(own.at("/capabilities/add").isArray(), "no added capabilities");
        JsonNode tmp = mount(container, "/tmp").orElseThrow(() -> new AssertionError("nothing mounted at /tmp"));
        assertTrue(volume(pod, tmp.path("name").asText()).has("emptyDir"), "/tmp is an emptyDir");
    }

    /** The image named in the file's header is pushed under the same name as the one it runs. */
    private static void assertPushed(String file, String tag) throws IOException {
        String text = Files.readString(Path.of("k8s", file));
        assertTrue(text.contains("podman tag localhost/zerocold:" + tag + " " + IMAGE + tag), file + ": podman tag");
        assertTrue(text.contains("podman push " + IMAGE + tag), file + ": podman push");
    }

    private static Optional<JsonNode> mount(JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(path)) {
                return Optional.of(mount);
            }
        }
        return Optional.empty();
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError("no volume named '" + name + "'");
    }

    private static Optional<String> env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return Optional.of(variable.path("value").asText());
            }
        }
        return Optional.empty();
    }

    private static List<String> kinds(List<JsonNode> docs) {
        return docs.stream().map(d -> d.path("kind").asText()).toList();
    }

    private static int appPort() throws IOException {
        return Integer.parseInt(appProperties().getProperty("quarkus.http.port", "8080"));
    }

    private static Properties appProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    private static List<JsonNode> read(String file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (var parser = yaml.getFactory().createParser(Path.of("k8s", file).toFile())) {
            return yaml.readValues(parser, JsonNode.class).readAll().stream().filter(n -> !n.isNull()).toList();
        }
    }
}
