package dev.zerocold.recommend.rest;

import dev.zerocold.recommend.service.Interaction;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/interactions}; {@code rating} (0.5..5.0, steps of 0.5) is optional. */
public record InteractionRequest(
        @NotBlank @Pattern(regexp = Interaction.USER_ID_REGEX, message = Interaction.USER_ID_RULE)
        String userId,
        @NotBlank @Size(max = 16) String itemId,
        Double rating) {
}
