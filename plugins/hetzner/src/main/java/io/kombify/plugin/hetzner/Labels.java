package io.kombify.plugin.hetzner;

import io.kombify.deploy.ResourceId;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Labels as Hetzner Cloud accepts them, and the mapping of kombify's labels onto them.
 *
 * <p>A Hetzner label key is an optional DNS-subdomain prefix and a slash, then a name of at most 63
 * letters, digits, {@code -}, {@code _} and {@code .} that starts and ends with a letter or digit;
 * a value follows the rule of a name but may be empty. kombify's ownership keys
 * ({@code kombify.io/stack}, ...) are valid keys as they are. Values are mapped reversibly:
 * <ul>
 *   <li>a value that is valid and contains no {@code _} is kept as it is (a stack name, a
 *       32-digit idempotency key, {@code machine.web});</li>
 *   <li>any other value is escaped: every character but letters,
 *       digits, and {@code .} and {@code -} inside the value becomes {@code _HH} (its UTF-8 bytes in hexadecimal), and
 *       the result is wrapped in {@code e...e}, so {@code ssh_key.lab} becomes
 *       {@code essh_5Fkey.labe}, if that fits in 63 characters;</li>
 *   <li>a value whose escaped form would exceed 63 characters is replaced by {@code h_} and 40
 *       hexadecimal digits of its SHA-256: equal values still select equal resources, but the
 *       value cannot be read back.</li>
 * </ul>
 * Plain values never contain {@code _}; escaped and hashed ones always do, and start with
 * {@code e} or {@code h_}; so decoding is unambiguous. User label keys that Hetzner would refuse
 * are kept under {@code label.kombify.io/} with their name escaped the same way. Keys whose prefix
 * is {@code kombify.io} or ends in {@code .kombify.io} are kombify's own and never user labels.
 */
final class Labels {

    /** The key prefix of everything kombify keeps in labels. */
    static final String DOMAIN = "kombify.io";
    /** The prefix under which user label keys that Hetzner would refuse are kept. */
    static final String ESCAPED_KEY_PREFIX = "label." + DOMAIN + "/";

    private static final int MAX = 63;
    private static final Pattern NAME = Pattern.compile("[a-z0-9A-Z]([a-z0-9A-Z._-]{0,61}[a-z0-9A-Z])?");
    private static final Pattern VALUE = Pattern.compile("(|[a-z0-9A-Z]|[a-z0-9A-Z][a-z0-9A-Z._-]{0,61}[a-z0-9A-Z])");
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private Labels() {
    }

    /** Whether Hetzner accepts {@code key} as a label key. */
    static boolean validKey(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return NAME.matcher(key).matches();
        }
        String prefix = key.substring(0, slash);
        return prefix.length() <= 253 && PREFIX.matcher(prefix).matches()
                && NAME.matcher(key.substring(slash + 1)).matches();
    }

    /** Whether Hetzner accepts {@code value} as a label value. */
    static boolean validValue(String value) {
        return VALUE.matcher(value).matches();
    }

    /** Whether {@code key} is one of kombify's own (ownership, indexes, escaped user keys). */
    static boolean reserved(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String prefix = key.substring(0, slash);
        return prefix.equals(DOMAIN) || prefix.endsWith("." + DOMAIN);
    }

    /** {@code value} as a valid Hetzner label value, as described in the class comment. */
    static String encodeValue(String value) {
        if (validValue(value) && value.indexOf('_') < 0) {
            return value;
        }
        StringBuilder escaped = new StringBuilder("e");
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            char c = (char) (b & 0xff);
            boolean inner = i > 0 && i < bytes.length - 1;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (inner && (c == '.' || c == '-'))) {
                escaped.append(c);
            } else {
                escaped.append('_').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        escaped.append('e');
        if (escaped.length() <= MAX) {
            return escaped.toString();
        }
        return "h_" + sha256(value).substring(0, 40);
    }

    /** The value {@link #encodeValue} was given, or empty when it was hashed (or is not one of ours). */
    static Optional<String> decodeValue(String label) {
        if (label.indexOf('_') < 0) {
            return Optional.of(label);
        }
        if (label.length() < 2 || label.charAt(0) != 'e' || label.charAt(label.length() - 1) != 'e') {
            return Optional.empty();
        }
        String body = label.substring(1, label.length() - 1);
        byte[] out = new byte[body.length()];
        int n = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '_') {
                if (i + 2 >= body.length()) {
                    return Optional.empty();
                }
                try {
                    out[n++] = (byte) HexFormat.fromHexDigits(body, i + 1, i + 3);
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return Optional.of(new String(out, 0, n, StandardCharsets.UTF_8));
    }

    /** The ownership labels of the call, as Hetzner labels. */
    static Map<String, String> ownership(ProviderContext context) {
        Map<String, String> out = new TreeMap<>();
        context.ownershipLabels().forEach((k, v) -> {
            if (!validKey(k)) {
                throw new ProviderException(ErrorKind.FATAL, "ownership label key " + k + " is not a valid Hetzner label key");
            }
            out.put(k, encodeValue(v));
        });
        if (!out.containsKey(ProviderContext.LABEL_STACK)) {
            out.put(ProviderContext.LABEL_STACK, encodeValue(context.stack()));
        }
        return out;
    }

    /**
     * The labels to put on a resource: the user's (attribute {@code labels}, a map of strings) and
     * the ownership labels of the call.
     *
     * @throws ProviderException {@link ErrorKind#INVALID} when a user label uses kombify's prefix or
     *                           cannot be stored within Hetzner's limits
     */
    static Map<String, String> forResource(ResourceId id, Map<String, Object> attributes, ProviderContext context) {
        Map<String, String> out = new TreeMap<>(userLabels(id, attributes));
        out.putAll(ownership(context));
        return out;
    }

    /** The user labels of the attributes, mapped to Hetzner labels. */
    static Map<String, String> userLabels(ResourceId id, Map<String, Object> attributes) {
        Object value = attributes.get("labels");
        Map<String, String> out = new TreeMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw Attrs.invalid(id, "labels", "must be a map of strings");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = (String) e.getKey();
            Object v = e.getValue();
            String text = v == null ? "" : v instanceof String s ? s : v instanceof Number || v instanceof Boolean
                    ? String.valueOf(v) : null;
            if (text == null) {
                throw Attrs.invalid(id, "labels." + key, "must be a string");
            }
            if (reserved(key)) {
                throw Attrs.invalid(id, "labels." + key, "uses the prefix " + DOMAIN + ", which kombify keeps for itself");
            }
            String hetznerKey = key;
            if (!validKey(key)) {
                String name = encodeValue(key);
                if (key.isEmpty() || name.startsWith("h_")) {
                    throw Attrs.invalid(id, "labels." + key, "is not a label key Hetzner accepts, and too long to keep escaped");
                }
                hetznerKey = ESCAPED_KEY_PREFIX + name;
            }
            out.put(hetznerKey, encodeValue(text));
        }
        return out;
    }

    /** The user labels among a resource's Hetzner labels, decoded; kombify's own are left out. */
    static Map<String, Object> decodeUserLabels(Map<String, Object> hetznerLabels) {
        Map<String, Object> out = new TreeMap<>();
        hetznerLabels.forEach((k, v) -> {
            String text = v == null ? "" : String.valueOf(v);
            String value = decodeValue(text).orElse(text);
            if (k.startsWith(ESCAPED_KEY_PREFIX)) {
                decodeValue(k.substring(ESCAPED_KEY_PREFIX.length())).ifPresent(key -> out.put(key, value));
            } else if (!reserved(k)) {
                out.put(k, value);
            }
        });
        return out;
    }

    /**
     * The user labels among a resource's Hetzner labels, as a read reports them: a label Hetzner
     * holds exactly as the recorded label (attribute {@code labels}) is mapped is reported as
     * recorded, with its type ({@code 3}, not {@code "3"}) and even when its value could only be
     * kept hashed; any other is decoded ({@link #decodeUserLabels}).
     */
    static Map<String, Object> observeUserLabels(Map<String, Object> hetznerLabels, Object recordedLabels) {
        Map<String, Object> out = decodeUserLabels(hetznerLabels);
        if (!(recordedLabels instanceof Map<?, ?> recorded)) {
            return out;
        }
        recorded.forEach((k, v) -> {
            if (!(k instanceof String key) || reserved(key)) {
                return;
            }
            String text = v == null ? "" : v instanceof String || v instanceof Number || v instanceof Boolean ? String.valueOf(v) : null;
            String hetznerKey = validKey(key) ? key : ESCAPED_KEY_PREFIX + encodeValue(key);
            Object held = hetznerLabels.get(hetznerKey);
            if (text != null && held != null && encodeValue(text).equals(String.valueOf(held))) {
                out.put(key, v);
            }
        });
        return out;
    }

    /** kombify's own labels among a resource's Hetzner labels (ownership and indexes), as they are. */
    static Map<String, String> own(Map<String, Object> hetznerLabels) {
        Map<String, String> out = new TreeMap<>();
        hetznerLabels.forEach((k, v) -> {
            if (reserved(k) && !k.startsWith(ESCAPED_KEY_PREFIX)) {
                out.put(k, v == null ? "" : String.valueOf(v));
            }
        });
        return out;
    }

    /** The decoded value of a label of the resource, if present and readable. */
    static Optional<String> value(Map<String, Object> hetznerLabels, String key) {
        Object v = hetznerLabels.get(key);
        return v == null ? Optional.empty() : decodeValue(String.valueOf(v));
    }

    /** A label selector requiring each key to have its (encoded) value. */
    static String selector(Map<String, String> equals) {
        StringJoiner joiner = new StringJoiner(",");
        new TreeMap<>(equals).forEach((k, v) -> joiner.add(k + "=" + v));
        return joiner.toString();
    }

    /** The selector of what a create with this key made in this stack. */
    static String byKey(String stack, String idempotencyKey) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(ProviderContext.LABEL_STACK, encodeValue(stack));
        s.put(ProviderContext.LABEL_IDEMPOTENCY_KEY, encodeValue(idempotencyKey));
        return selector(s);
    }

    /** The selector of the resource at this address in this stack. */
    static String byAddress(String stack, String address) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(ProviderContext.LABEL_STACK, encodeValue(stack));
        s.put(ProviderContext.LABEL_RESOURCE, encodeValue(address));
        return selector(s);
    }

    /** The selector of everything of this stack. */
    static String byStack(String stack) {
        return ProviderContext.LABEL_STACK + "=" + encodeValue(stack);
    }

    /** Hexadecimal SHA-256 of the text. */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
