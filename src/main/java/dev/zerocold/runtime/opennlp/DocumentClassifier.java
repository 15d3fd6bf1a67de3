package dev.zerocold.runtime.opennlp;

import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.ItemResult;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.Signature;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.tokenize.SimpleTokenizer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An OpenNLP maximum-entropy document categorizer over lower-cased {@link SimpleTokenizer} tokens.
 * {@link DocumentCategorizerME} is not thread-safe, so each thread gets its own categorizer over
 * the one shared (immutable) model: this class is thread-safe.
 */
public final class DocumentClassifier implements Model<String, ClassScores> {

    private final DoccatModel model;
    private final List<String> labels;
    private final ThreadLocal<DocumentCategorizerME> categorizer;

    public DocumentClassifier(byte[] serializedModel) throws IOException {
        this.model = new DoccatModel(new ByteArrayInputStream(serializedModel));
        DocumentCategorizerME probe = new DocumentCategorizerME(model);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < probe.getNumberOfCategories(); i++) {
            names.add(probe.getCategory(i));
        }
        this.labels = List.copyOf(names);
        this.categorizer = ThreadLocal.withInitial(() -> new DocumentCategorizerME(model));
    }

    @Override
    public Signature<String, ClassScores> signature() {
        return Signature.TEXT_CLASSIFIER;
    }

    /** Labels in the order of {@link ClassScores#probabilities()}. */
    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public List<ItemResult<ClassScores>> predict(List<String> texts) {
        DocumentCategorizerME me = categorizer.get();
        List<ItemResult<ClassScores>> scores = new ArrayList<>(texts.size());
        for (String text : texts) {
            double[] outcome = me.categorize(tokens(text));
            float[] probabilities = new float[outcome.length];
            for (int i = 0; i < outcome.length; i++) {
                probabilities[i] = (float) outcome[i];
            }
            scores.add(ItemResult.ok(new ClassScores(labels, probabilities)));
        }
        return scores;
    }

    /** The features a categorizer sees: lower-cased {@link SimpleTokenizer} tokens (one empty token for none). */
    public static String[] tokens(String text) {
        String[] tokens = SimpleTokenizer.INSTANCE.tokenize(text.toLowerCase(Locale.ROOT));
        return tokens.length > 0 ? tokens : new String[] {""};
    }

    @Override
    public String toString() {
        return "DocumentClassifier" + Arrays.toString(labels.toArray());
    }
}
