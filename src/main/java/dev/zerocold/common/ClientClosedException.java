package dev.zerocold.common;

/**
 * The client went away before its answer was complete, and the work was stopped (499, as nginx names
 * it): ends what waits for the answer; nobody reads the status.
 */
public final class ClientClosedException extends ZerocoldException {

    public ClientClosedException(String detail, String model, String version) {
        super(499, "client-closed-request", "Client closed request", detail, model, version);
    }
}
