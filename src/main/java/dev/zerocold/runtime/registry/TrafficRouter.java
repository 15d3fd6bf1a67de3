package dev.zerocold.runtime.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.runtime.ModelKey;
import dev.zerocold.runtime.ModelsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.zerocold.runtime.serving.InputDigest;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Traffic splits across a model's versions ({@code {"1": 0.9, "2": 0.1}}) and the choice of a version
 * for one request. With a routing key the choice is weighted rendezvous hashing: each version scores
 * {@code -w / ln(h(key, version))} and the best wins, so the same key reaches the same version while
 * the weights are unchanged, and a weight change moves only the keys it must. Without a key the
 * choice is random in proportion to the weights. Versions that are not READY drop out and the others
 * share their weight. Splits are kept in {@code traffic.json} under the state directory, written
 * atomically (a temporary file moved over the old one), and read back at startup. Thread-safe.
 */
@ApplicationScoped
public class TrafficRouter {

    private static final Logger LOG = Logger.getLogger(TrafficRouter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TOLERANCE = 1e-6;

    private final Path file;
    private volatile Map<String, Map<String, Double>> splits;

    @Inject
    public TrafficRouter(ModelsConfig config) {
        this(config.stateDir().resolve("traffic.json"));
    }

    TrafficRouter(Path file) {
        this.file = file;
        this.splits = read(file);
    }

    public Optional<Map<String, Double>> split(String model) {
        return Optional.ofNullable(splits.get(model));
    }

    Map<String, Map<String, Double>> all() {
        return splits;
    }

    /**
     * Sets a model's split after checking it: numeric versions, each of {@code deployed}, weights in
     * 0..1 that sum to 1 (an empty map removes the split).
     */
    synchronized void set(String model, Map<String, Double> weights, List<String> deployed) {
        double sum = 0;
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            if (!deployed.contains(e.getKey())) {
                throw new InvalidInputException("model '" + model + "' has no version '" + e.getKey() + "'", model, null);
            }
            Double w = e.getValue();
            if (w == null || w.isNaN() || w < 0 || w > 1) {
                throw new InvalidInputException("weight of version " + e.getKey() + " must be between 0 and 1", model, null);
            }
            sum += w;
        }
        if (!weights.isEmpty() && Math.abs(sum - 1) > TOLERANCE) {
            throw new InvalidInputException("weights must sum to 1, they sum to " + sum, model, null);
        }
        Map<String, Map<String, Double>> next = new TreeMap<>(splits);
        if (weights.isEmpty()) {
            next.remove(model);
        } else {
            next.put(model, Map.copyOf(new TreeMap<>(weights)));
        }
        write(next);
        splits = Map.copyOf(next);
    }

    /** Forgets a version (it was undeployed): its weight goes to the others in proportion. */
    synchronized void remove(String model, String version) {
        Map<String, Double> split = splits.get(model);
        if (split == null || !split.containsKey(version)) {
            return;
        }
        Map<String, Double> rest = new TreeMap<>(split);
        rest.remove(version);
        double sum = rest.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Map<String, Double>> next = new TreeMap<>(splits);
        if (sum <= 0) {
            next.remove(model);
        } else {
            rest.replaceAll((v, w) -> w / sum);
            next.put(model, Map.copyOf(rest));
        }
        write(next);
        splits = Map.copyOf(next);
    }

    /**
     * The version to serve among {@code ready} (READY versions of the model) under {@code weights},
     * or empty when none of them has weight.
     */
    static Optional<ModelVersion> choose(Map<String, Double> weights, List<ModelVersion> ready, String routingKey) {
        ModelVersion best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (ModelVersion version : ready) {
            double w = weights.getOrDefault(version.key().version(), 0.0);
            if (w <= 0) {
                continue;
            }
            double u = routingKey == null ? ThreadLocalRandom.current().nextDouble() : unit(routingKey, version.key());
            double score = -w / Math.log(Math.max(u, Double.MIN_NORMAL));
            if (score > bestScore) {
                bestScore = score;
                best = version;
            }
        }
        return Optional.ofNullable(best);
    }

    /** A uniform number in (0, 1) fixed by the key and the version. */
    private static double unit(String routingKey, ModelKey version) {
        long h = InputDigest.of(routingKey + '\u0000' + version.version()).a();
        return ((h >>> 11) + 0.5) * 0x1.0p-53;
    }

    private void write(Map<String, Map<String, Double>> next) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), next);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the traffic split to " + file, e);
        }
    }

    private static Map<String, Map<String, Double>> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            Map<String, Map<String, Double>> read = JSON.readValue(file.toFile(), new TypeReference<>() { });
            Map<String, Map<String, Double>> copy = new HashMap<>();
            read.forEach((model, split) -> copy.put(model, Map.copyOf(split)));
            LOG.infof("Traffic splits from %s: %s", file, copy);
            return Map.copyOf(copy);
        } catch (IOException e) {
            LOG.errorf("Ignoring unreadable traffic file %s: %s", file, e.getMessage());
            return Map.of();
        }
    }
}
