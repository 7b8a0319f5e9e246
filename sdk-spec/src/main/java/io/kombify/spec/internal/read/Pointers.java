package io.kombify.spec.internal.read;

/** JSON pointer helpers (RFC 6901) and their readable form for messages. */
public final class Pointers {
    private Pointers() {
    }

    /** One reference token, escaped. */
    public static String escape(String token) {
        if (token.indexOf('~') < 0 && token.indexOf('/') < 0) {
            return token;
        }
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** {@code /nodes/0/ssh/port} as {@code nodes[0].ssh.port}; the root as "the top level". */
    public static String display(String pointer) {
        if (pointer.isEmpty()) {
            return "the top level";
        }
        StringBuilder sb = new StringBuilder();
        int i = 1;
        while (i <= pointer.length()) {
            int next = pointer.indexOf('/', i);
            if (next < 0) {
                next = pointer.length();
            }
            String token = pointer.substring(i, next).replace("~1", "/").replace("~0", "~");
            if (!token.isEmpty() && token.chars().allMatch(ch -> ch >= '0' && ch <= '9') && sb.length() > 0) {
                sb.append('[').append(token).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(token);
            }
            i = next + 1;
        }
        return sb.toString();
    }
}
