package dev.zerocold.generation.model;

/** One message of a chat, as a template reads it: {@code role} (system, user, assistant) and its text. */
public record ChatMessage(String role, String content) {
}
