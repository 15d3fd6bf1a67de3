package dev.zerocold.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way {@code model.yaml} is read and written. Reading binds it to {@link ModelConfig} (plain
 * records, unknown keys refused, never a type named in the file); a backend's {@code settings} block
 * is bound to the loader's own record by {@link #settings}. Writing (training tools) produces the
 * same keys, snake_case, unset fields left out. Stateless and thread-safe.
 */
public final class ModelYaml {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ModelYaml.class);

    /** The file name inside a version directory. */
    public static final String FILE = "model.yaml";

    private static final ObjectMapper MAPPER = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .serializationInclusion(JsonInclude.Include.NON_EMPTY)
            .build();

    private ModelYaml() {
    }

    /**
     * Reads {@code <versionDirectory>/model.yaml}. {@code inputs} and {@code outputs}, which older
     * files declared, are ignored with a warning: a version's tensors are read from what is loaded.
     */
    public static ModelConfig read(Path versionDirectory) throws IOException {
        Path file = versionDirectory.resolve(FILE);
        byte[] yaml = java.nio.file.Files.readAllBytes(file);  // read once, bound, then looked at for old keys
        ModelConfig config = MAPPER.readValue(yaml, ModelConfig.class);
        JsonNode tree = MAPPER.readTree(yaml);
        if (tree != null && (tree.has("inputs") || tree.has("outputs"))) {
            LOG.warnf("%s declares inputs/outputs: ignored, a version's tensors are read from the loaded model "
                    + "(GET /v2/models/<name>); remove them", file);
        }
        return config;
    }

    /**
     * Why a {@code model.yaml} could not be read, for a version's FAILED reason: the field and line
     * of a YAML or binding error (e.g. {@code model.yaml line 3, column 7 (batching.max_queue_delay):
     * 'soon' is not a duration}), never a stack trace.
     */
    public static String describe(Throwable error) {
        if (error instanceof java.nio.file.NoSuchFileException) {
            return "model.yaml is missing";
        }
        if (error instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            StringBuilder out = new StringBuilder("model.yaml");
            com.fasterxml.jackson.core.JsonLocation at = json.getLocation();
            if (at != null && at.getLineNr() > 0) {
                out.append(" line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr());
            }
            if (json instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                out.append(" (").append(mapping.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(java.util.stream.Collectors.joining(".")).replace(".[", "[")).append(")");
            }
            if (json instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException unknown) {
                String field = unknown.getPropertyName();
                return out.append(": unknown field '").append(field).append("'; known here: ")
                        .append(unknown.getKnownPropertyIds()).toString();
            }
            Throwable root = json;
            while (root.getCause() != null && root.getCause() != root && root.getCause() instanceof IllegalArgumentException) {
                root = root.getCause();
            }
            String message = root == json ? json.getOriginalMessage() : root.getMessage();
            return out.append(": ").append(firstLine(message)).toString();
        }
        return "model.yaml: " + firstLine(error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** Binds a model's {@code settings} block to its backend's record. */
    public static <T> T settings(ModelConfig config, Class<T> type) throws IOException {
        JsonNode settings = config.settings();
        return MAPPER.treeToValue(settings == null ? MAPPER.createObjectNode() : settings, type);
    }

    /** A value (a settings record) as a YAML tree, for {@link ModelConfig#settings()}. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /**
     * Writes {@code <versionDirectory>/model.yaml}, creating the directory.
     *
     * @param writtenBy what wrote it, said in a first comment line that asks people not to edit it
     */
    public static void write(Path versionDirectory, ModelConfig config, String writtenBy) throws IOException {
        Files.createDirectories(versionDirectory);
        String yaml = MAPPER.writeValueAsString(config);
        Files.writeString(versionDirectory.resolve(FILE), "# Written by " + writtenBy + ": do not edit by hand.\n" + yaml);
    }
}
