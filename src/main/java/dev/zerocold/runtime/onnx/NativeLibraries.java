package dev.zerocold.runtime.onnx;

import dev.zerocold.runtime.AppDirectory;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Points ONNX Runtime at native libraries extracted at build time, so that a start loads them in
 * place instead of copying ~30 MB to a temporary folder. Must run before ONNX Runtime's first use;
 * an explicit {@code -Donnxruntime.native.path} always wins.
 */
final class NativeLibraries {

    private static final Logger LOG = Logger.getLogger(NativeLibraries.class);
    static final String PROPERTY = "onnxruntime.native.path";
    private static final String JNI_LIBRARY = "libonnxruntime4j_jni.so";

    private NativeLibraries() {
    }

    static void use(Optional<Path> configured) {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        Optional<Path> directory = configured.or(() -> AppDirectory.resolve("native", "onnxruntime"))
                .filter(dir -> Files.isRegularFile(dir.resolve(JNI_LIBRARY)));
        directory.ifPresentOrElse(dir -> {
            System.setProperty(PROPERTY, dir.toAbsolutePath().toString());
            LOG.debugf("ONNX Runtime native libraries from %s", dir);
        }, () -> LOG.debug("ONNX Runtime extracts its native libraries at startup"));
    }
}
