package dev.zerocold.api.openai;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** The OpenAI-compatible API under {@code /v1}. Each method documents one setting. */
@ConfigMapping(prefix = "zerocold.openai")
public interface OpenAiConfig {
    /**
     * Keys that {@code /v1} requests must carry ({@code Authorization: Bearer <key>}, as OpenAI's
     * clients send it, or {@code X-API-Key}); a management key ({@code zerocold.admin.api-keys}) is
     * accepted too. Unset (the default): {@code /v1} is open, like the task endpoints.
     */
    Optional<List<String>> apiKeys();
}
