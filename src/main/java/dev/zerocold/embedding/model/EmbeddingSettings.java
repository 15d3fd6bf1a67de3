package dev.zerocold.embedding.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerocold.runtime.Artifacts;
import dev.zerocold.runtime.onnx.OnnxRuntime;
import dev.zerocold.runtime.onnx.OnnxTextEncoder.Pooling;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How an embedding model is run, from its {@code model.yaml} {@code settings} or, where a setting is
 * absent, from the files a sentence-transformers or Hugging Face export puts in the folder:
 * <ul>
 *   <li>{@code encoder}: the ONNX graph; else {@code model.onnx}, {@code onnx/model.onnx} or
 *       {@code onnx/model_quantized.onnx}.</li>
 *   <li>{@code tokenizer}: a {@code tokenizer.json}; else the folder's.</li>
 *   <li>{@code pooling} ({@code cls} | {@code mean}): else {@code 1_Pooling/config.json}.</li>
 *   <li>{@code normalize}: else true when {@code modules.json} lists a Normalize module or there
 *       is no {@code modules.json} (unit vectors, as OpenAI's API returns them).</li>
 *   <li>{@code max_length} (tokens, special ones included): else {@code sentence_bert_config.json}'s
 *       {@code max_seq_length}, {@code tokenizer_config.json}'s {@code model_max_length},
 *       {@code config.json}'s {@code max_position_embeddings}, or 512; never more than
 *       {@code max_position_embeddings}.</li>
 * </ul>
 */
@RegisterForReflection  // bound by Jackson by reflection, also in a native image
public record EmbeddingSettings(String encoder, String tokenizer, Pooling pooling, Boolean normalize,
                                Integer maxLength, Integer intraOpThreads) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> GRAPHS = List.of("model.onnx", "onnx/model.onnx", "onnx/model_quantized.onnx");
    private static final int DEFAULT_MAX_LENGTH = 512;

    /** These settings with every absent one filled in from the folder's files; a setting that cannot be found fails. */
    public EmbeddingSettings complete(Path folder) throws IOException {
        OnnxRuntime.checkThreads(intraOpThreads);
        String graph = encoder != null ? encoder : GRAPHS.stream().filter(f -> Files.isRegularFile(folder.resolve(f)))
                .findFirst().orElseThrow(() -> new IOException("no ONNX graph: set settings.encoder or add one of "
                        + GRAPHS));
        String vocabulary = tokenizer != null ? tokenizer : Optional.of("tokenizer.json")
                .filter(f -> Files.isRegularFile(folder.resolve(f)))
                .orElseThrow(() -> new IOException("no tokenizer: set settings.tokenizer or add tokenizer.json"));
        Pooling pool = pooling != null ? pooling : poolingFile(folder);
        boolean unit = normalize != null ? normalize : normalizeFromModules(folder);
        int positions = read(folder, "config.json").path("max_position_embeddings").asInt(Integer.MAX_VALUE);
        int length = maxLength != null ? maxLength : defaultLength(folder);
        if (length < 2 || length > positions) {
            throw new IOException("max_length " + length + " is outside 2.." + positions
                    + " (the model's max_position_embeddings)");
        }
        return new EmbeddingSettings(graph, vocabulary, pool, unit, Math.min(length, positions), intraOpThreads);
    }

    private static Pooling poolingFile(Path folder) throws IOException {
        JsonNode config = read(folder, "1_Pooling/config.json");
        if (config.isMissingNode()) {
            throw new IOException("pooling unknown: set settings.pooling (cls or mean) or add 1_Pooling/config.json");
        }
        if (config.path("pooling_mode_cls_token").asBoolean()) {
            return Pooling.CLS;
        }
        if (config.path("pooling_mode_mean_tokens").asBoolean()) {
            return Pooling.MEAN;
        }
        throw new IOException("1_Pooling/config.json asks for a pooling other than cls or mean tokens, "
                + "which is not supported");
    }

    private static boolean normalizeFromModules(Path folder) throws IOException {
        JsonNode modules = read(folder, "modules.json");
        if (modules.isMissingNode()) {
            return true;
        }
        for (JsonNode module : modules) {
            if (module.path("type").asText().endsWith(".Normalize")) {
                return true;
            }
        }
        return false;
    }

    private static int defaultLength(Path folder) throws IOException {
        JsonNode sentenceBert = read(folder, "sentence_bert_config.json").path("max_seq_length");
        if (sentenceBert.canConvertToInt()) {
            return sentenceBert.intValue();
        }
        JsonNode tokenizer = read(folder, "tokenizer_config.json").path("model_max_length");
        if (tokenizer.canConvertToInt() && tokenizer.intValue() <= 1 << 20) {  // HF writes 1e30 for "no limit"
            return tokenizer.intValue();
        }
        return read(folder, "config.json").path("max_position_embeddings").asInt(DEFAULT_MAX_LENGTH);
    }

    private static JsonNode read(Path folder, String file) throws IOException {
        return Artifacts.folderJson(folder, file);
    }
}
