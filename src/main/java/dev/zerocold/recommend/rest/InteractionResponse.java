package dev.zerocold.recommend.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Answer of {@code POST /api/interactions} (202): what was recorded. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InteractionResponse(boolean accepted, String userId, String itemId, Double rating) {
}
