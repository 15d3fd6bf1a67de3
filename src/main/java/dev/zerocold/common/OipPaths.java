package dev.zerocold.common;

/** The paths of the Open Inference Protocol, whose errors and body rules differ from {@code /api}'s. */
public final class OipPaths {

    private OipPaths() {
    }

    /** Whether a request path is under {@code /v2}. */
    public static boolean isV2(String path) {
        return path.equals("/v2") || path.startsWith("/v2/");
    }
}
