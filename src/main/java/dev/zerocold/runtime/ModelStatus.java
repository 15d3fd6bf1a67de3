package dev.zerocold.runtime;

/** Lifecycle state of one model version. */
public enum ModelStatus {
    /** A lazily loaded version that no request has needed yet; its first request loads it. */
    PENDING,
    LOADING,
    READY,
    FAILED,
    UNLOADING
}
