package dev.zerocold.runtime;

/** Lifecycle state of one model version. */
public enum ModelStatus {
    LOADING, READY, FAILED, UNLOADING
}
