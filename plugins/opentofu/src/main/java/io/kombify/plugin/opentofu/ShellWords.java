package io.kombify.plugin.opentofu;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command written as one string into its words the way a POSIX shell would without
 * expanding anything: blanks separate words, single quotes keep everything literally, double
 * quotes keep blanks, a backslash escapes the next character. Docker's API and the docker
 * provider's {@code command} take the words, as Docker Compose splits a string command.
 */
final class ShellWords {

    private ShellWords() {
    }

    /**
     * The words of {@code command}.
     *
     * @throws IllegalArgumentException when a quote is not closed
     */
    static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < command.length() && "\"\\$`".indexOf(command.charAt(i + 1)) >= 0) {
                    word.append(command.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < command.length()) {
                word.append(command.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("the command has an unclosed " + (quote == '"' ? "double" : "single")
                    + " quote: " + command);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
