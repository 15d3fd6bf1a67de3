package dev.zerocold.sentiment.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The UCI Sentiment Labelled Sentences with their fixed train/test split, read from
 * {@code models/datasets/uci-sentiment/sentences.tsv}.
 */
public record LabeledSentences(List<String> texts, List<String> labels) {

    /** Default location, relative to the project directory. */
    public static final Path DEFAULT_FILE = Path.of("models", "datasets", "uci-sentiment", "sentences.tsv");

    /** The sentences of one split ({@code train} or {@code test}), in file order. */
    public static LabeledSentences read(Path tsv, String split) throws IOException {
        List<String[]> rows = Files.readAllLines(tsv, StandardCharsets.UTF_8).stream().skip(1)
                .map(line -> line.split("\t", 5))
                .filter(columns -> columns[3].equals(split))
                .toList();
        return new LabeledSentences(rows.stream().map(c -> c[4]).toList(), rows.stream().map(c -> c[2]).toList());
    }

    public int size() {
        return texts.size();
    }
}
