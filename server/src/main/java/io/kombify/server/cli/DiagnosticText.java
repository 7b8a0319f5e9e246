package io.kombify.server.cli;

import io.kombify.core.Diagnostic;
import io.kombify.spec.SpecDocument;

import java.io.PrintWriter;

/**
 * Diagnostics as a compiler prints them: {@code file:line:col: error CODE: message}, the
 * offending line with a caret under the column, and the hint.
 */
final class DiagnosticText {
    private static final String RED = "\u001B[1;31m";
    private static final String YELLOW = "\u001B[1;33m";
    private static final String BOLD = "\u001B[1m";
    private static final String CYAN = "\u001B[36m";
    private static final String RESET = "\u001B[0m";

    private final boolean colour;

    DiagnosticText(boolean colour) {
        this.colour = colour;
    }

    void print(PrintWriter out, SpecDocument doc, Diagnostic d) {
        String label = d.isError() ? paint(RED, "error") : paint(YELLOW, "warning");
        StringBuilder head = new StringBuilder(doc.source());
        if (d.hasPosition()) {
            head.append(':').append(d.line()).append(':').append(Math.max(1, d.column()));
        }
        head.append(": ").append(label).append(' ').append(paint(BOLD, d.code())).append(": ").append(d.message());
        if (!d.hasPosition() && !d.path().isEmpty()) {
            head.append(" (at ").append(d.path()).append(')');
        }
        out.println(head);
        String line = d.hasPosition() ? doc.line(d.line()) : "";
        if (!line.isEmpty()) {
            String number = Integer.toString(d.line());
            String gutter = " ".repeat(number.length());
            out.println(" " + number + " | " + line);
            out.println(" " + gutter + " | " + caretPad(line, d.column()) + paint(d.isError() ? RED : YELLOW, "^"));
        }
        if (d.hint() != null) {
            out.println("  " + paint(CYAN, "hint") + ": " + d.hint());
        }
    }

    /**
     * Spaces up to the column (counted in code points), keeping the line's tabs so the caret
     * lines up however the terminal expands them.
     */
    static String caretPad(String line, int column) {
        StringBuilder pad = new StringBuilder();
        int i = 0;
        int cp = 1;
        while (cp < column && i < line.length()) {
            int c = line.codePointAt(i);
            pad.append(c == '\t' ? '\t' : ' ');
            i += Character.charCount(c);
            cp++;
        }
        return pad.toString();
    }

    String paint(String style, String text) {
        return colour ? style + text + RESET : text;
    }
}
