package io.kombify.spec;

/**
 * A place in a source document.
 *
 * @param line   1-based line
 * @param column 1-based column, counted in Unicode code points
 */
public record SourcePosition(int line, int column) {
    public SourcePosition {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
        }
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
