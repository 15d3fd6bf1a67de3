package dev.zerocold.api.v2;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks JSON bodies against the Open Inference Protocol's response schemas, so tests can prove that a
 * response is what a protocol client expects. The schemas ({@code oip/schemas.yaml}, a test resource)
 * are written from the protocol's documents and keep its component names; a body is validated
 * against {@code #/components/schemas/<name>} in the OpenAPI 3.0 schema dialect, {@code $ref}s
 * resolved. Like the published schemas they allow extra properties: they check the required
 * fields and the types of the fields present.
 */
public final class OipSchemas {

    private static final String SPEC = "classpath:oip/schemas.yaml";
    private static final String COMPONENTS = "#/components/schemas/";

    /** OpenAPI 3.0's dialect, quiet about the document's own fields (paths, ...) and x- extensions. */
    private static final Dialect OAS_30 = Dialect.builder(Dialects.getOpenApi30())
            .unknownKeywordFactory((keyword, context) -> new NonValidationKeyword(keyword))
            .build();
    private static final Schema DOCUMENT = SchemaRegistry.withDialect(OAS_30).getSchema(SchemaLocation.of(SPEC));
    private static final Set<String> NAMES = readNames();
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private OipSchemas() {
    }

    /** The names of the specification's component schemas, e.g. {@code inference_response}. */
    public static Set<String> schemaNames() {
        return NAMES;
    }

    /**
     * Fails unless {@code json} is valid against the component schema {@code schemaName}.
     *
     * @throws AssertionError listing every validation message
     * @throws IllegalArgumentException if the specification has no such schema
     */
    public static void assertValid(String schemaName, String json) {
        List<Error> errors = schema(schemaName).validate(json, InputFormat.JSON);
        if (!errors.isEmpty()) {
            throw new AssertionError(errors.stream().map(e -> "  " + e)
                    .collect(Collectors.joining("\n",
                            "Body is not a valid " + schemaName + " (" + errors.size() + " problem(s)):\n",
                            "\nBody: " + json)));
        }
    }

    private static Schema schema(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("No schema " + name + " in " + SPEC + "; it has " + NAMES);
        }
        return SCHEMAS.computeIfAbsent(name,
                n -> DOCUMENT.getRefSchema(SchemaLocation.of(COMPONENTS + n).getFragment()));
    }

    private static Set<String> readNames() {
        Set<String> names = new TreeSet<>();
        DOCUMENT.getSchemaNode().path("components").path("schemas").propertyNames().forEach(names::add);
        if (names.isEmpty()) {
            throw new IllegalStateException("No component schemas in " + SPEC);
        }
        return Collections.unmodifiableSet(names);
    }
}
