package dev.zerocold.runtime.snapshot;

import dev.zerocold.common.ZerocoldException;

/** A resource refused to prepare for a snapshot (409); nothing stays prepared, and the process serves on. */
public final class SnapshotRefusedException extends ZerocoldException {

    public SnapshotRefusedException(String detail) {
        super(409, "snapshot-refused", "Snapshot refused", detail, null, null);
    }
}
