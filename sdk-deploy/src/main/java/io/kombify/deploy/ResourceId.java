package io.kombify.deploy;

import io.kombify.core.KombifyException;
import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The address of a resource in a stack: its type and a name unique within the type, written
 * {@code type.name} (for example {@code container.nextcloud}), as in {@code --target}.
 *
 * @param type what kind of resource
 * @param name its name: letters, digits, {@code -}, {@code _} and {@code .}
 */
public record ResourceId(ResourceType type, String name) implements Comparable<ResourceId> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,252}");
    private static final Comparator<ResourceId> ORDER =
            Comparator.comparing(ResourceId::type).thenComparing(ResourceId::name);

    public ResourceId {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("resource name '" + name + "' must start with a letter or digit "
                    + "and contain only letters, digits, '-', '_', '.' and ':'");
        }
    }

    /** Shorthand for {@code new ResourceId(type, name)}. */
    public static ResourceId of(ResourceType type, String name) {
        return new ResourceId(type, name);
    }

    /**
     * Parses {@code type.name}.
     *
     * @throws KombifyException with code {@code RESOURCE_ADDRESS_INVALID} when the text is not an address
     */
    public static ResourceId parse(String address) {
        Objects.requireNonNull(address, "address");
        int dot = address.indexOf('.');
        if (dot <= 0 || dot == address.length() - 1) {
            throw new KombifyException("RESOURCE_ADDRESS_INVALID", "'" + address
                    + "' is not a resource address; write it as type.name, for example container.nextcloud");
        }
        try {
            return new ResourceId(new ResourceType(address.substring(0, dot)), address.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new KombifyException("RESOURCE_ADDRESS_INVALID", "'" + address + "' is not a resource address: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public int compareTo(ResourceId other) {
        return ORDER.compare(this, other);
    }

    /** The address, {@code type.name}. */
    @Override
    public String toString() {
        return type.name() + "." + name;
    }
}
