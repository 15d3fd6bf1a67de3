package dev.zerocold.recommend.rest;

import dev.zerocold.recommend.service.Interaction;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/predict/recommend}. {@code limit} defaults to
 * {@code zerocold.recommend.default-limit} and is checked against 1..{@code max-limit} in one place,
 * {@code RecommendService}; {@code exclude_seen} defaults to true; {@code model} and {@code version}
 * are optional, as for every task endpoint.
 */
public record RecommendRequest(
        @NotBlank @Pattern(regexp = Interaction.USER_ID_REGEX, message = Interaction.USER_ID_RULE)
        String userId,
        @Valid Context context,
        Integer limit,
        Boolean excludeSeen,
        String model,
        String version,
        String routingKey) {

    /** Request context: {@code category} restricts recommendations to one genre. */
    public record Context(@Size(max = 64) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String category) {
    }

    public String category() {
        return context == null ? null : context.category();
    }

    public boolean excludeSeenOrDefault() {
        return excludeSeen == null || excludeSeen;
    }
}
