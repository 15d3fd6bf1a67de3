package dev.zerocold.image;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import io.quarkus.runtime.configuration.MemorySize;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The image classification endpoint. Each method documents one setting. */
@ConfigMapping(prefix = "zerocold.image")
public interface ImageConfig {
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
     * Images up to this size are read and handed to the model's queue on the HTTP I/O thread that
     * received them (decoding happens in the queue's batch, with the preprocessing); larger ones,
     * {@code image_url} fetches and multipart uploads are read on a worker thread. 0 sends every
     * request to a worker.
     */
    @WithDefault("64K")
    MemorySize ioThreadMaxBytes();

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
