package dev.zerocold.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All of zerocold's own configuration, under {@code zerocold.*}. Each method documents one setting. */
@ConfigMapping(prefix = "zerocold")
public interface ZerocoldConfig {

    /** The model repository and model lifecycle. */
    Models models();

    /** ONNX Runtime settings shared by every ONNX model. */
    Onnx onnx();

    /** The sentiment task endpoint. */
    Sentiment sentiment();

    /** The image classification endpoint. */
    Image image();

    /** The recommend endpoint, the interaction journal and retraining. */
    Recommend recommend();

    interface Models {
        /** Root of the model repository, laid out as {@code <root>/<name>/<version>/model.yaml}. */
        @WithDefault("models")
        Path root();

        /**
         * How long a request for a model that is still loading waits for it before being answered
         * 503 with Retry-After. Lets the first request after a cold start be served instead of refused.
         */
        @WithDefault("15s")
        Duration loadWait();

        /** Retry-After, in seconds, sent with 503 answers for models that are not ready. */
        @WithDefault("2")
        int retryAfterSeconds();

        /** How many models load at the same time. */
        @WithDefault("4")
        int loadThreads();

        /**
         * Load policy per model name: {@code eager} (at startup, the default) or {@code lazy} (on
         * the first request that needs it; such models do not hold back readiness).
         */
        Map<String, LoadPolicy> policy();

        /** When a model version loads. */
        enum LoadPolicy { EAGER, LAZY }
    }

    interface Onnx {
        /** Threads one inference may use inside an operator; 0 lets ONNX Runtime choose (one per core). */
        @WithDefault("0")
        int intraOpThreads();

        /** Threads for running independent operators in parallel; 1 runs them sequentially. */
        @WithDefault("1")
        int interOpThreads();

        /**
         * Whether ONNX Runtime's worker threads spin while waiting for work. Spinning saves a few
         * microseconds for a lone request but burns the cores that concurrent requests need, so it is off.
         */
        @WithDefault("false")
        boolean allowSpinning();

        /**
         * Directory holding ONNX Runtime's native libraries already extracted. Unset: the
         * {@code native/onnxruntime} folder the build puts next to the packaged app, when present;
         * otherwise ONNX Runtime extracts its libraries to a temporary folder at each start.
         */
        Optional<Path> nativePath();

        /**
         * Directory of ONNX models prepared at build time (uncompressed, graph pre-optimised). Unset:
         * the {@code prepared-models} folder the build puts next to the packaged app, when present;
         * otherwise models load from their artifacts.
         */
        Optional<Path> preparedPath();
    }

    interface Sentiment {
        /** Model used when a request names none. */
        @WithDefault("sentiment")
        String defaultModel();

        /** Below this top-class probability the answer is {@code neutral}. */
        @WithDefault("0.6")
        double neutralThreshold();

        /** Longest accepted text, in characters after trimming. */
        @WithDefault("10000")
        int maxTextLength();

        /** Most sentences scored separately when {@code options.detailed} is set; the rest are not split out. */
        @WithDefault("64")
        int maxSentences();
    }

    interface Image {
        /** Model used when a request names none. */
        @WithDefault("image")
        String defaultModel();

        /** Largest accepted encoded image, in bytes, however it arrives (body, base64, multipart, URL). */
        @WithDefault("8M")
        MemorySize maxBytes();

        /** Most pixels (width × height) an image may declare; larger ones are refused before decoding. */
        @WithDefault("40000000")
        long maxPixels();

        /** Number of predictions returned when a request does not say. */
        @WithDefault("5")
        int defaultTopK();

        /**
         * Images up to this size, for a model that is READY, are decoded and classified on the HTTP
         * I/O thread that received them: no hand-off to a worker thread, the fast path for small
         * images. Larger images, {@code image_url} fetches, multipart uploads and requests that must
         * wait for a model to load run on worker threads. 0 sends every request to a worker.
         */
        @WithDefault("64K")
        MemorySize ioThreadMaxBytes();

        /**
         * Most pixels an image served on the I/O thread may declare; one within
         * {@code io-thread-max-bytes} that declares more (a small file can) is decoded on a worker thread.
         */
        @WithDefault("1000000")
        long ioThreadMaxPixels();

        /** Fetching images by {@code image_url}. */
        Url url();

        interface Url {
            /** Whether {@code image_url} is accepted at all. Off by default. */
            @WithDefault("false")
            boolean enabled();

            /** Hosts that may be fetched from; {@code *.example.com} also matches its subdomains. */
            Optional<List<String>> allowedHosts();

            /** Whether hosts resolving to private, loopback or link-local addresses may be fetched. */
            @WithDefault("false")
            boolean allowPrivateAddresses();

            /** Time allowed to connect to the image host. */
            @WithDefault("2s")
            Duration connectTimeout();

            /** Time allowed for the whole response. */
            @WithDefault("5s")
            Duration readTimeout();

            /** Redirects followed, each re-checked against the same rules. */
            @WithDefault("3")
            int maxRedirects();
        }
    }

    interface Recommend {
        /** Model used when a request names none. */
        @WithDefault("recommender")
        String defaultModel();

        /** Recommendations returned when a request gives no {@code limit}. */
        @WithDefault("10")
        int defaultLimit();

        /** Largest accepted {@code limit}. */
        @WithDefault("100")
        int maxLimit();

        /**
         * Append-only journal of accepted interactions (one line each, flushed to disk before the
         * 202 answer), replayed at startup; relative paths resolve against the working directory.
         */
        @WithDefault("data/interactions.log")
        Path journal();

        /** Most distinct users with interactions held in memory; beyond it new users get 503. */
        @WithDefault("10000")
        int maxUsers();

        /** Most distinct items per user held in memory; beyond it that user's new items get 503. */
        @WithDefault("1000")
        int maxItemsPerUser();

        /** MovieLens export ({@code ratings.csv.gz}, {@code movies.csv.gz}) that retraining starts from. */
        @WithDefault("models/datasets/movielens")
        Path dataset();

        /** How often retraining runs (base ratings plus journal); {@code off} disables it. */
        @WithDefault("1h")
        String retrainInterval();

        /** Delay of the first retraining after startup, so a cold start never pays for training. */
        @WithDefault("10m")
        String retrainDelay();

        /**
         * A retrained model is swapped in when its holdout NDCG@10 is at least the serving data's
         * NDCG@10 minus this tolerance.
         */
        @WithDefault("0.0005")
        double retrainTolerance();
    }
}
