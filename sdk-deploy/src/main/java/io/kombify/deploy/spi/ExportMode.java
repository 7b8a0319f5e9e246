package io.kombify.deploy.spi;

/** How far an export goes. */
public enum ExportMode {
    /** Write the files only. */
    WRITE,
    /** Write the files, then let the format's tool plan them. */
    PLAN,
    /** Write the files, let the format's tool plan them, and apply that plan. */
    APPLY
}
