package dev.zerocold.sentiment.training;

import dev.zerocold.runtime.opennlp.DocumentClassifier;
import opennlp.tools.doccat.BagOfWordsFeatureGenerator;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.doccat.NGramFeatureGenerator;
import opennlp.tools.util.CollectionObjectStream;
import opennlp.tools.util.TrainingParameters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Trains the OpenNLP categorizers that {@link DocumentClassifier} serves. */
public final class DocumentClassifierTraining {

    private DocumentClassifierTraining() {
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
            samples.add(new DocumentSample(labels.get(i), DocumentClassifier.tokens(texts.get(i))));
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

}
