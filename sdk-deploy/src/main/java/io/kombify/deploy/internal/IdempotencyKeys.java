package io.kombify.deploy.internal;

import io.kombify.deploy.Action;
import io.kombify.deploy.Attributes;
import io.kombify.deploy.ResourceId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The idempotency keys of apply steps. A key is
 * {@code hex(sha256(lineage + "\n" + action + "\n" + address + "\n" + material))} cut to 32 hex
 * digits, where the material is the canonical JSON of the desired attributes (for a create or an
 * update) or the recorded provider identifier (for a delete). Keys depend only on the state's
 * lineage and on what the step does, so an apply that is run again after an interruption sends
 * the same keys and a provider that saw one returns what it made instead of making it twice.
 *
 * <p>A create that stands in for a recorded resource (a replacement, or a re-creation of a resource
 * deleted outside kombify) adds {@code "\n" + "replaces " + providerId} to the material: its
 * desired attributes may equal those of the create that made the recorded resource, and a key
 * that repeated that create's key would make the provider hand back the very resource being
 * replaced.
 *
 * <p>Stateless and thread-safe.
 */
public final class IdempotencyKeys {

    /** How many hex digits a key has. */
    public static final int LENGTH = 32;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private IdempotencyKeys() {
    }

    /** The key of creating {@code id} with these attributes in a state of this lineage. */
    public static String create(String lineage, ResourceId id, Map<String, ?> desired) {
        return key(lineage, Action.CREATE, id, canonicalJson(desired));
    }

    /**
     * The key of creating {@code id} as the successor of the recorded resource {@code priorProviderId}
     * (a replacement, or a re-creation after it was deleted outside kombify).
     */
    public static String replacement(String lineage, ResourceId id, Map<String, ?> desired, String priorProviderId) {
        Objects.requireNonNull(priorProviderId, "priorProviderId");
        return key(lineage, Action.CREATE, id, canonicalJson(desired) + "\nreplaces " + priorProviderId);
    }

    /** The key of updating {@code id} to these attributes. */
    public static String update(String lineage, ResourceId id, Map<String, ?> desired) {
        return key(lineage, Action.UPDATE, id, canonicalJson(desired));
    }

    /** The key of deleting the resource the provider knows as {@code providerId}. */
    public static String delete(String lineage, ResourceId id, String providerId) {
        return key(lineage, Action.DELETE, id, Objects.requireNonNull(providerId, "providerId"));
    }

    /**
     * The key for an action, address and material, as defined above.
     *
     * @param material the canonical JSON of the desired attributes, or the prior provider identifier
     */
    public static String key(String lineage, Action action, ResourceId id, String material) {
        Objects.requireNonNull(lineage, "lineage");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(material, "material");
        String input = lineage + "\n" + action.name() + "\n" + id + "\n" + material;
        byte[] hash = sha256().digest(input.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH / 2; i++) {
            out[2 * i] = HEX[(hash[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[hash[i] & 0xf];
        }
        return new String(out);
    }

    /**
     * The canonical JSON of an attribute map: its normal form ({@link Attributes#normalize}) with
     * keys sorted, no whitespace, whole numbers without a fraction and strings escaped minimally.
     * Equal attribute maps give equal text whatever their source (spec, plan file or state).
     */
    public static String canonicalJson(Map<String, ?> attributes) {
        StringBuilder out = new StringBuilder(128);
        write(out, Attributes.normalize(Objects.requireNonNull(attributes, "attributes")));
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Boolean || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Double d) {
            out.append(Double.toString(d));
        } else if (value instanceof Map<?, ?> map) {
            // normal-form maps are sorted by key
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(out, (String) e.getKey());
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i));
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a normal-form attribute value: " + value.getClass().getName());
        }
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
