import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Removes from a packaged app (target/quarkus-app) the bytes an image does not need, before the
 * Dockerfiles copy it: copies the build already made elsewhere, nothing the app reads.
 * <ul>
 *   <li>ONNX Runtime's native libraries inside its jar (every platform, 186 MB uncompressed): the app
 *       loads them from {@code native/onnxruntime}, extracted for this platform by the build.</li>
 *   <li>The Hugging Face tokenizers' native libraries inside DJL's jar: the app loads them from
 *       {@code native/tokenizers} (runtime/text/TokenizerLibrary).</li>
 *   <li>The ONNX files inside the pretrained models' jars that have a prepared copy in
 *       {@code prepared-models} (runtime/onnx/PreparedModels serves the prepared copy when its
 *       classpath source is gone). The models' tokenizer files stay.</li>
 * </ul>
 * Each removal happens only when the copy the app uses instead is there. Run with a JDK 17+:
 * {@code java SlimApp.java path/to/quarkus-app}; prints what it removed from each jar.
 */
public final class SlimApp {

    public static void main(String[] args) throws IOException {
        Path app = Path.of(args.length > 0 ? args[0] : "target/quarkus-app");
        boolean onnxRuntime = Files.isRegularFile(app.resolve("native/onnxruntime/libonnxruntime4j_jni.so"));
        boolean tokenizers = Files.isRegularFile(app.resolve("native/tokenizers/libtokenizers.so"));
        Set<String> prepared = preparedClasspathFiles(app.resolve("prepared-models"));
        long saved = 0;
        try (Stream<Path> jars = Files.list(app.resolve("lib/main"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                saved += slim(jar, entry -> (onnxRuntime && entry.startsWith("ai/onnxruntime/native/"))
                        || (tokenizers && entry.startsWith("native/lib/") && isLibrary(entry)
                            && jar.getFileName().toString().startsWith("ai.djl.huggingface.tokenizers"))
                        || (entry.endsWith(".onnx") && prepared.contains("classpath_" + entry.replace('/', '_'))));
            }
        }
        System.out.printf("SlimApp: %.1f MB removed from the app's jars%n", saved / 1e6);
    }

    private interface Removable {
        boolean test(String entry);
    }

    private static boolean isLibrary(String entry) {
        return entry.endsWith(".so") || entry.endsWith(".dylib") || entry.endsWith(".dll");
    }

    /** The classpath resources with a prepared copy ({@code classpath_<resource>[.ort]}), as {@code classpath_<resource>}. */
    private static Set<String> preparedClasspathFiles(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("classpath_") && (name.endsWith(".onnx.ort") || name.endsWith(".onnx")))
                    .map(name -> name.endsWith(".ort") ? name.substring(0, name.length() - ".ort".length()) : name)
                    .collect(Collectors.toSet());
        }
    }

    /** Deletes the entries {@code removable} accepts; returns the bytes the jar lost. */
    private static long slim(Path jar, Removable removable) throws IOException {
        long before = Files.size(jar);
        List<String> removed = new ArrayList<>();
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            List<Path> entries;
            try (Stream<Path> walk = Files.walk(zip.getPath("/"))) {
                entries = walk.filter(Files::isRegularFile).toList();
            }
            for (Path entry : entries) {
                String name = entry.toString().substring(1);
                if (removable.test(name)) {
                    Files.delete(entry);
                    removed.add(name);
                }
            }
        }
        long after = Files.size(jar);
        if (!removed.isEmpty()) {
            System.out.printf("%s: %d entries, %.1f MB removed%n", jar.getFileName(), removed.size(),
                    (before - after) / 1e6);
        }
        return before - after;
    }
}
