package io.kombify.plugin.hetzner;

import java.util.Arrays;

/**
 * The Hetzner Cloud API token. It is turned into text only to build the {@code Authorization}
 * header of a request; {@link #toString()} never shows it, and it is never part of a message.
 */
final class ApiToken {

    private final char[] value;

    private ApiToken(char[] value) {
        this.value = value.clone();
    }

    /**
     * A token of these characters (copied).
     *
     * @throws IllegalArgumentException when it is empty or holds characters a header cannot carry;
     *                                  the message does not repeat it
     */
    static ApiToken of(char[] value) {
        char[] trimmed = trim(value);
        if (trimmed.length == 0) {
            throw new IllegalArgumentException("the token is empty");
        }
        for (char c : trimmed) {
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("the token holds a character that is not printable ASCII "
                        + "(the token is not shown)");
            }
        }
        ApiToken token = new ApiToken(trimmed);
        Arrays.fill(trimmed, '\0');
        return token;
    }

    /** The value of the {@code Authorization} header. */
    String bearer() {
        return "Bearer " + new String(value);
    }

    @Override
    public String toString() {
        return "ApiToken(hidden)";
    }

    private static char[] trim(char[] value) {
        int start = 0;
        int end = value.length;
        while (start < end && Character.isWhitespace(value[start])) {
            start++;
        }
        while (end > start && Character.isWhitespace(value[end - 1])) {
            end--;
        }
        return Arrays.copyOfRange(value, start, end);
    }
}
