package dev.zerocold.sentiment.service;

import jakarta.enterprise.context.ApplicationScoped;
import opennlp.tools.sentdetect.SentenceModel;
import opennlp.tools.sentdetect.ThreadSafeSentenceDetectorME;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Splits text into sentences with OpenNLP's English sentence model (UD EWT, from the
 * {@code opennlp-models-sentdetect-en} jar). Thread-safe.
 */
@ApplicationScoped
public class SentenceSplitter {

    static final String MODEL_RESOURCE = "opennlp-en-ud-ewt-sentence-1.3-2.5.4.bin";

    private final ThreadSafeSentenceDetectorME detector;

    public SentenceSplitter() {
        try (InputStream in = SentenceSplitter.class.getClassLoader().getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new IOException("missing classpath resource " + MODEL_RESOURCE);
            }
            this.detector = new ThreadSafeSentenceDetectorME(new SentenceModel(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> split(String text) {
        return List.of(detector.sentDetect(text));
    }
}
