package io.kombify.spec.internal.read;

/** Line and column arithmetic on decoded text (1-based, columns in code points). */
final class TextPositions {
    private TextPositions() {
    }

    /** {line, column} of the code point with index {@code codePointIndex}. */
    static int[] ofCodePoint(String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        int cp = 0;
        for (int i = 0; i < text.length() && cp < codePointIndex; cp++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
            } else if (c == '\r') {
                if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                    line++;
                    column = 1;
                }
            } else {
                column++;
            }
            i += Character.isHighSurrogate(c) && i + 1 < text.length() ? 2 : 1;
        }
        return new int[] {line, column};
    }

    /**
     * {line, column} of the first tab used for indentation at or before {@code lastLine}: a tab
     * among the leading blanks of a line that has content other than a comment. {@code null}
     * when there is none.
     */
    static int[] firstTabIndent(String text, int lastLine) {
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n && line <= lastLine) {
            int col = 1;
            int tabColumn = -1;
            while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                if (text.charAt(i) == '\t' && tabColumn < 0) {
                    tabColumn = col;
                }
                i++;
                col++;
            }
            boolean content = i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r' && text.charAt(i) != '#';
            if (tabColumn > 0 && content) {
                return new int[] {line, tabColumn};
            }
            while (i < n && text.charAt(i) != '\n') {
                i++;
            }
            i++;
            line++;
        }
        return null;
    }
}
