package dev.zerocold.recommend.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/interactions}; {@code rating} (0.5..5.0, steps of 0.5) is optional. */
public record InteractionRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9._:@-]{1,64}", message = "must be 1 to 64 letters, digits or ._:@-")
        String userId,
        @NotBlank @Size(max = 16) String itemId,
        Double rating) {
}
