package dev.zerocold.sentiment.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.zerocold.runtime.Artifacts;
import dev.zerocold.runtime.Framework;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.ModelYaml;
import dev.zerocold.runtime.Task;
import dev.zerocold.sentiment.model.DocumentClassifierLoader;
import dev.zerocold.sentiment.model.EncoderClassifierLoader;
import dev.zerocold.runtime.LinearHead;
import dev.zerocold.runtime.onnx.OnnxRuntime;
import dev.zerocold.runtime.onnx.OnnxTextEncoder;
import dev.zerocold.runtime.onnx.OnnxTextEncoder.Pooling;
import dev.zerocold.runtime.opennlp.DocumentClassifier;
import dev.zerocold.runtime.text.WordPieceTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains both sentiment models on the train split and writes them to the model repository:
 * {@code models/sentiment/1} (BGE-small-en-v1.5 embeddings + logistic regression, pooling and L2
 * strength chosen by 5-fold cross-validation on the train split) and {@code models/sentiment-fast/1}
 * (OpenNLP maxent over unigrams and bigrams). The test split is used only for the reported figure.
 *
 * <p>Run from the project directory: {@code ./mvnw compile exec:java@train-sentiment}.
 */
public final class TrainSentiment {

    static final String ENCODER = "classpath:bge-small-en-v1.5-q.onnx";
    static final String TOKENIZER = "classpath:bge-small-en-v1.5-q-tokenizer.json";
    private static final double[] LAMBDAS = {1e-4, 1e-3, 1e-2};
    private static final int FOLDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainSentiment() {
    }

    public static void main(String[] args) throws Exception {
        Path data = args.length > 0 ? Path.of(args[0]) : LabeledSentences.DEFAULT_FILE;
        Path models = args.length > 1 ? Path.of(args[1]) : Path.of("models");
        LabeledSentences train = LabeledSentences.read(data, "train");
        LabeledSentences test = LabeledSentences.read(data, "test");
        System.out.printf("train %d, test %d sentences%n", train.size(), test.size());
        trainEncoderModel(train, test, models.resolve("sentiment").resolve("1"));
        trainOpenNlpModel(train, test, models.resolve("sentiment-fast").resolve("1"));
    }

    private static void trainEncoderModel(LabeledSentences train, LabeledSentences test, Path out) throws Exception {
        long start = System.nanoTime();
        WordPieceTokenizer tokenizer;
        try (var json = Artifacts.open(TOKENIZER, out)) {
            tokenizer = WordPieceTokenizer.fromJson(json);
        }
        byte[] onnx = Artifacts.read(ENCODER, out);
        List<Pooling> poolings = List.of(Pooling.MEAN, Pooling.CLS);
        OnnxRuntime runtime = new OnnxRuntime(0, 1);
        try (OnnxTextEncoder encoder = new OnnxTextEncoder(runtime, runtime.createSession(onnx), tokenizer, 512)) {
            List<float[][]> trainX = embed(encoder, train.texts(), poolings);
            List<float[][]> testX = embed(encoder, test.texts(), poolings);
            boolean[] trainY = positives(train.labels());
            boolean[] testY = positives(test.labels());
            System.out.printf("embedded %d sentences in %.1f s%n", train.size() + test.size(), seconds(start));

            Map<String, Object> cv = new LinkedHashMap<>();
            Pooling bestPooling = null;
            double bestLambda = 0;
            double bestAccuracy = -1;
            for (int p = 0; p < poolings.size(); p++) {
                for (double lambda : LAMBDAS) {
                    double accuracy = crossValidate(trainX.get(p), trainY, lambda);
                    cv.put(poolings.get(p).name().toLowerCase() + " lambda=" + lambda, accuracy);
                    System.out.printf("cv %s lambda=%g accuracy=%.4f%n", poolings.get(p), lambda, accuracy);
                    if (accuracy > bestAccuracy) {
                        bestAccuracy = accuracy;
                        bestPooling = poolings.get(p);
                        bestLambda = lambda;
                    }
                }
            }
            int chosen = poolings.indexOf(bestPooling);
            double[] w = LogisticRegression.fit(trainX.get(chosen), trainY, bestLambda);
            double testAccuracy = accuracy(w, testX.get(chosen), testY);
            System.out.printf("sentiment: pooling=%s lambda=%g cv=%.4f test accuracy=%.4f%n",
                    bestPooling, bestLambda, bestAccuracy, testAccuracy);

            Files.createDirectories(out);
            toHead(w).write(out.resolve("head.json"));
            ModelYaml.write(out, textClassifier(Framework.ONNX,
                    "BGE-small-en-v1.5 (int8) sentence embeddings + logistic regression, trained on UCI Sentiment Labelled Sentences",
                    new EncoderClassifierLoader.Settings(ENCODER, TOKENIZER, bestPooling, 512, "head.json", null)),
                    TrainSentiment.class.getName());
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("test_accuracy", testAccuracy);
            metrics.put("cv_accuracy", bestAccuracy);
            metrics.put("pooling", bestPooling.name().toLowerCase());
            metrics.put("lambda", bestLambda);
            writeMetrics(out, metrics, cv, train, test);
        }
    }

    private static void trainOpenNlpModel(LabeledSentences train, LabeledSentences test, Path out) throws IOException {
        long start = System.nanoTime();
        int bestCutoff = 1;
        double bestAccuracy = -1;
        Map<String, Object> cv = new LinkedHashMap<>();
        for (int cutoff : new int[] {1, 2, 3}) {
            double sum = 0;
            for (int fold = 0; fold < FOLDS; fold++) {
                List<String> fitTexts = new ArrayList<>();
                List<String> fitLabels = new ArrayList<>();
                List<String> heldTexts = new ArrayList<>();
                List<String> heldLabels = new ArrayList<>();
                for (int i = 0; i < train.size(); i++) {
                    boolean held = i % FOLDS == fold;
                    (held ? heldTexts : fitTexts).add(train.texts().get(i));
                    (held ? heldLabels : fitLabels).add(train.labels().get(i));
                }
                DocumentClassifier model = new DocumentClassifier(DocumentClassifierTraining.train(fitTexts, fitLabels, 100, cutoff));
                sum += accuracy(model, new LabeledSentences(heldTexts, heldLabels));
            }
            double accuracy = sum / FOLDS;
            cv.put("cutoff=" + cutoff, accuracy);
            System.out.printf("cv opennlp cutoff=%d accuracy=%.4f%n", cutoff, accuracy);
            if (accuracy > bestAccuracy) {
                bestAccuracy = accuracy;
                bestCutoff = cutoff;
            }
        }
        byte[] serialized = DocumentClassifierTraining.train(train.texts(), train.labels(), 100, bestCutoff);
        double testAccuracy = accuracy(new DocumentClassifier(serialized), test);
        System.out.printf("sentiment-fast: cutoff=%d cv=%.4f test accuracy=%.4f (%.1f s)%n",
                bestCutoff, bestAccuracy, testAccuracy, seconds(start));
        Files.createDirectories(out);
        Files.write(out.resolve("model.bin"), serialized);
        ModelYaml.write(out, textClassifier(Framework.OPENNLP,
                "OpenNLP maxent document categorizer (unigrams + bigrams), trained on UCI Sentiment Labelled Sentences",
                new DocumentClassifierLoader.Settings("model.bin")), TrainSentiment.class.getName());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("test_accuracy", testAccuracy);
        metrics.put("cv_accuracy", bestAccuracy);
        metrics.put("cutoff", bestCutoff);
        metrics.put("iterations", 100);
        writeMetrics(out, metrics, cv, train, test);
    }

    /** The model.yaml of a two-class sentiment model. */
    private static ModelConfig textClassifier(Framework framework, String description, Object settings) {
        return new ModelConfig(framework, Task.SENTIMENT, description, List.of("negative", "positive"), null,
                ModelYaml.tree(settings), null, null);
    }

    private static void writeMetrics(Path out, Map<String, Object> metrics, Map<String, Object> cv,
                                     LabeledSentences train, LabeledSentences test) throws IOException {
        metrics.put("cross_validation", cv);
        metrics.put("train_size", train.size());
        metrics.put("test_size", test.size());
        metrics.put("trained_on", LocalDate.now().toString());
        JSON.writeValue(out.resolve("metrics.json").toFile(), metrics);
    }

    private static List<float[][]> embed(OnnxTextEncoder encoder, List<String> texts, List<Pooling> poolings) {
        List<float[][]> all = new ArrayList<>();
        for (int p = 0; p < poolings.size(); p++) {
            all.add(new float[texts.size()][]);
        }
        for (int from = 0; from < texts.size(); from += 32) {
            int to = Math.min(texts.size(), from + 32);
            List<float[][]> pooled = encoder.embed(texts.subList(from, to), poolings);
            for (int p = 0; p < poolings.size(); p++) {
                System.arraycopy(pooled.get(p), 0, all.get(p), from, to - from);
            }
        }
        return all;
    }

    private static double crossValidate(float[][] x, boolean[] y, double lambda) {
        double sum = 0;
        for (int fold = 0; fold < FOLDS; fold++) {
            List<float[]> fitX = new ArrayList<>();
            List<Boolean> fitY = new ArrayList<>();
            List<float[]> heldX = new ArrayList<>();
            List<Boolean> heldY = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                boolean held = i % FOLDS == fold;
                (held ? heldX : fitX).add(x[i]);
                (held ? heldY : fitY).add(y[i]);
            }
            double[] w = LogisticRegression.fit(fitX.toArray(float[][]::new), unbox(fitY), lambda);
            sum += accuracy(w, heldX.toArray(float[][]::new), unbox(heldY));
        }
        return sum / FOLDS;
    }

    private static double accuracy(double[] w, float[][] x, boolean[] y) {
        int correct = 0;
        for (int i = 0; i < x.length; i++) {
            if ((LogisticRegression.probability(w, x[i]) >= 0.5) == y[i]) {
                correct++;
            }
        }
        return (double) correct / x.length;
    }

    private static double accuracy(DocumentClassifier model, LabeledSentences data) {
        var predictions = model.predict(data.texts());
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            var scores = predictions.get(i).value();
            if (scores.labels().get(scores.top()).equals(data.labels().get(i))) {
                correct++;
            }
        }
        return (double) correct / data.size();
    }

    /** Binary logistic weights as a two-row softmax head: row "negative" zero, row "positive" w. */
    private static LinearHead toHead(double[] w) {
        int d = w.length - 1;
        float[] positive = new float[d];
        for (int i = 0; i < d; i++) {
            positive[i] = (float) w[i];
        }
        return new LinearHead(List.of("negative", "positive"), new float[][] {new float[d], positive},
                new float[] {0f, (float) w[d]});
    }

    private static boolean[] positives(List<String> labels) {
        boolean[] y = new boolean[labels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i).equals("positive");
        }
        return y;
    }

    private static boolean[] unbox(List<Boolean> values) {
        boolean[] out = new boolean[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
