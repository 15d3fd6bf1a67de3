package dev.zerocold.api.admin;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** The management API ({@code /models} writes): who may call it. */
@ConfigMapping(prefix = "zerocold.admin")
public interface AdminConfig {

    /**
     * API keys accepted in {@code X-API-Key} or {@code Authorization: Bearer}; from config or the
     * environment ({@code ZEROCOLD_ADMIN_API_KEYS=key1,key2}), never logged. None: the management API
     * is refused outside dev mode (and open in dev mode, with a warning).
     */
    Optional<List<String>> apiKeys();
}
