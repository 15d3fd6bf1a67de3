package dev.zerocold.generation.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerocold.runtime.Artifacts;
import dev.zerocold.runtime.onnx.OnnxRuntime;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a generative model is run, from its {@code model.yaml} {@code settings} or, where a setting is
 * absent, from the files a Hugging Face export (optimum, transformers.js) puts in the folder:
 * <ul>
 *   <li>{@code decoder}: the ONNX graph; else {@code onnx/model.onnx} or {@code model.onnx}.</li>
 *   <li>{@code tokenizer}: else the folder's {@code tokenizer.json}.</li>
 *   <li>{@code context} (tokens): else {@code config.json}'s {@code n_positions},
 *       {@code max_position_embeddings} or {@code n_ctx}; never more.</li>
 *   <li>{@code vocabulary}: {@code config.json}'s {@code vocab_size}.</li>
 *   <li>{@code eos_token_ids}: else {@code generation_config.json}'s, then {@code config.json}'s
 *       {@code eos_token_id} (a number or a list).</li>
 *   <li>{@code chat_template}: else {@code tokenizer_config.json}'s (a string, or the one named
 *       {@code default} of a list), else ChatML ({@link #DEFAULT_TEMPLATE}).</li>
 *   <li>{@code bos_token}/{@code eos_token}: {@code tokenizer_config.json}'s, for templates.</li>
 *   <li>{@code temperature}, {@code top_p}, {@code top_k}: request defaults, else
 *       {@code generation_config.json}'s when it samples ({@code do_sample}), else OpenAI's (1, 1, off).</li>
 * </ul>
 */
@RegisterForReflection  // bound by Jackson by reflection, also in a native image
public record DecoderSettings(String decoder, String tokenizer, Integer context, Integer vocabulary,
                              List<Long> eosTokenIds, String chatTemplate, String bosToken, String eosToken,
                              Double temperature, Double topP, Integer topK, Integer intraOpThreads) {

    /** ChatML, for a model whose folder has no chat template: {@code <|im_start|>role\ncontent<|im_end|>\n}. */
    public static final String DEFAULT_TEMPLATE = "{% for message in messages %}{{ '<|im_start|>' + message['role'] "
            + "+ '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** These settings with every absent one filled in from the folder's files; a setting that cannot be found fails. */
    public DecoderSettings complete(Path folder) throws IOException {
        OnnxRuntime.checkThreads(intraOpThreads);
        JsonNode config = read(folder, "config.json");
        JsonNode generation = read(folder, "generation_config.json");
        JsonNode tokenizerConfig = read(folder, "tokenizer_config.json");
        String graph = decoder != null ? decoder : Artifacts.decoderGraph(folder).orElseThrow(() ->
                new IOException("no ONNX graph: set settings.decoder or add one of " + Artifacts.DECODER_GRAPHS));
        String vocabularyFile = tokenizer != null ? tokenizer : "tokenizer.json";
        if (tokenizer == null && !Files.isRegularFile(folder.resolve(vocabularyFile))) {
            throw new IOException("no tokenizer: set settings.tokenizer or add tokenizer.json");
        }
        int positions = firstInt(config, "n_positions", "max_position_embeddings", "n_ctx");
        if (positions <= 0 && context == null) {
            throw new IOException("context unknown: set settings.context or n_positions / max_position_embeddings "
                    + "in config.json");
        }
        int length = context != null ? context : positions;
        if (length < 2 || (positions > 0 && length > positions)) {
            throw new IOException("context " + length + " is outside 2.." + positions + " (the model's positions)");
        }
        int vocab = vocabulary != null ? vocabulary : config.path("vocab_size").asInt(-1);
        if (vocab <= 0) {
            throw new IOException("vocabulary unknown: set settings.vocabulary or vocab_size in config.json");
        }
        List<Long> eos = eosTokenIds != null ? eosTokenIds : ids(generation.path("eos_token_id"));
        if (eos.isEmpty()) {
            eos = ids(config.path("eos_token_id"));
        }
        JsonNode sampling = generation.path("do_sample").asBoolean(false) ? generation : JSON.missingNode();
        return new DecoderSettings(graph, vocabularyFile, length, vocab, List.copyOf(eos),
                chatTemplate != null ? chatTemplate : template(tokenizerConfig.path("chat_template")),
                bosToken != null ? bosToken : token(tokenizerConfig.path("bos_token")),
                eosToken != null ? eosToken : token(tokenizerConfig.path("eos_token")),
                temperature != null ? temperature : doubleOr(sampling.path("temperature"), 1.0),
                topP != null ? topP : doubleOr(sampling.path("top_p"), 1.0),
                topK != null ? topK : sampling.path("top_k").asInt(0), intraOpThreads);
    }

    private static int firstInt(JsonNode config, String... names) {
        for (String name : names) {
            if (config.path(name).canConvertToInt()) {
                return config.path(name).intValue();
            }
        }
        return -1;
    }

    private static double doubleOr(JsonNode node, double fallback) {
        return node.isNumber() ? node.doubleValue() : fallback;
    }

    private static List<Long> ids(JsonNode node) {
        List<Long> ids = new ArrayList<>();
        if (node.isIntegralNumber()) {
            ids.add(node.longValue());
        }
        for (JsonNode id : node.isArray() ? node : JSON.createArrayNode()) {
            ids.add(id.asLong());
        }
        return ids;
    }

    private static String template(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        for (JsonNode named : node.isArray() ? node : JSON.createArrayNode()) {
            if ("default".equals(named.path("name").asText())) {
                return named.path("template").asText();
            }
        }
        return DEFAULT_TEMPLATE;
    }

    /** A special token as tokenizer_config.json writes it: a string or {"content": ...}; "" when absent. */
    private static String token(JsonNode node) {
        return node.isTextual() ? node.textValue() : node.path("content").asText("");
    }

    private static JsonNode read(Path folder, String file) throws IOException {
        return Artifacts.folderJson(folder, file);
    }
}
