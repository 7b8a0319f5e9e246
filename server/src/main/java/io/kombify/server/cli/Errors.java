package io.kombify.server.cli;

import io.kombify.core.KombifyException;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Turns any failure into one line for standard error. */
final class Errors {
    private Errors() {
    }

    static String oneLine(Throwable t) {
        Throwable cause = t instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : t;
        if (cause instanceof KombifyException k) {
            return firstLine(k.getMessage());
        }
        if (cause instanceof IOException io) {
            return "I/O error: " + firstLine(io.getMessage());
        }
        if (cause instanceof OutOfMemoryError) {
            return "out of memory; give the JVM more heap (-Xmx) or use a smaller input";
        }
        if (cause instanceof StackOverflowError) {
            return "the input is nested too deeply";
        }
        String message = cause.getMessage();
        return "internal error (" + cause.getClass().getSimpleName() + ")" + (message == null ? "" : ": " + firstLine(message));
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
