package dev.zerocold.runtime.opennlp;

import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.Model;
import opennlp.tools.doccat.BagOfWordsFeatureGenerator;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.doccat.NGramFeatureGenerator;
import opennlp.tools.tokenize.SimpleTokenizer;
import opennlp.tools.util.CollectionObjectStream;
import opennlp.tools.util.TrainingParameters;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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

    /** Labels in the order of {@link ClassScores#probabilities()}. */
    public List<String> labels() {
        return labels;
    }

    @Override
    public List<ClassScores> predict(List<String> texts) {
        DocumentCategorizerME me = categorizer.get();
        List<ClassScores> scores = new ArrayList<>(texts.size());
        for (String text : texts) {
            double[] outcome = me.categorize(tokens(text));
            float[] probabilities = new float[outcome.length];
            for (int i = 0; i < outcome.length; i++) {
                probabilities[i] = (float) outcome[i];
            }
            scores.add(new ClassScores(labels, probabilities));
        }
        return scores;
    }

    /**
     * Trains a maxent categorizer on unigram and bigram features and returns the serialized model.
     *
     * @param iterations maxent training iterations
     * @param cutoff     minimum number of times a feature must occur to be kept
     */
    public static byte[] train(List<String> texts, List<String> labels, int iterations, int cutoff)
            throws IOException {
        List<DocumentSample> samples = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            samples.add(new DocumentSample(labels.get(i), tokens(texts.get(i))));
        }
        TrainingParameters params = TrainingParameters.defaultParams();
        params.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT");
        params.put(TrainingParameters.ITERATIONS_PARAM, iterations);
        params.put(TrainingParameters.CUTOFF_PARAM, cutoff);
        params.put(TrainingParameters.THREADS_PARAM, 1);
        FeatureGenerator[] features = {new BagOfWordsFeatureGenerator(), new NGramFeatureGenerator(2, 2)};
        DoccatModel trained = DocumentCategorizerME.train("en", new CollectionObjectStream<>(samples), params,
                new DoccatFactory(features));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        trained.serialize(out);
        return out.toByteArray();
    }

    static String[] tokens(String text) {
        String[] tokens = SimpleTokenizer.INSTANCE.tokenize(text.toLowerCase(Locale.ROOT));
        return tokens.length > 0 ? tokens : new String[] {""};
    }

    @Override
    public String toString() {
        return "DocumentClassifier" + Arrays.toString(labels.toArray());
    }
}
