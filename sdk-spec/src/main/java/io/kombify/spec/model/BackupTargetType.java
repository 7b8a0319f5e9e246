package io.kombify.spec.model;

/** Where backups are written. */
public enum BackupTargetType implements WireValue {
    LOCAL("local"),
    S3("s3"),
    RESTIC("restic"),
    RCLONE("rclone");

    private final String wire;

    BackupTargetType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }
}
