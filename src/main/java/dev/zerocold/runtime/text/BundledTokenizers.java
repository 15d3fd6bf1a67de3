package dev.zerocold.runtime.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Tokenizers that ship inside the application's jars (pretrained models' tokenizer.json), parsed
 * once, when this class is initialised. The native image initialises it at build time (see
 * {@code native-image.properties}), so these tokenizers are part of the image heap and cost nothing
 * at startup; on the JVM, the copies prepared at build time are read before this is touched.
 * The resources are listed, one per line, in {@value #LIST}.
 */
public final class BundledTokenizers {

    static final String LIST = "META-INF/zerocold/bundled-tokenizers.txt";
    private static final Logger LOG = Logger.getLogger(BundledTokenizers.class);

    /** Parsed when first needed: a model whose tokenizer is a file never pays for the bundled ones. */
    private static final class Holder {
        static final Map<String, WordPieceTokenizer> TOKENIZERS = load();
    }

    private BundledTokenizers() {
    }

    /** The bundled tokenizer for a model.yaml reference such as {@code classpath:name-tokenizer.json}. */
    public static Optional<WordPieceTokenizer> get(String reference) {
        String name = reference.startsWith("classpath:") ? reference.substring("classpath:".length()) : null;
        return name == null ? Optional.empty()
                : Optional.ofNullable(Holder.TOKENIZERS.get(name.startsWith("/") ? name.substring(1) : name));
    }

    private static Map<String, WordPieceTokenizer> load() {
        ClassLoader loader = BundledTokenizers.class.getClassLoader();
        Map<String, WordPieceTokenizer> tokenizers = new HashMap<>();
        try (InputStream list = loader.getResourceAsStream(LIST)) {
            if (list == null) {
                return Map.of();
            }
            for (String name : new String(list.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList()) {
                try {
                    tokenizers.put(name, WordPieceTokenizer.fromClasspath(name));
                } catch (IOException e) {
                    // Not fatal: a model naming it parses it itself, and reports the problem then.
                    LOG.warnf("Bundled tokenizer %s not loaded: %s", name, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warnf("Bundled tokenizer list %s not readable: %s", LIST, e.getMessage());
        }
        return Map.copyOf(tokenizers);
    }
}
