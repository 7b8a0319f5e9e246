package io.kombify.billing;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identifier of an organisation, the unit that subscribes to a plan. It is written into the
 * gateway's customer metadata ({@code kombify_org}) and into checkout sessions
 * ({@code client_reference_id}), so it is limited to characters that need no escaping there.
 *
 * @param value 1 to 128 letters, digits, {@code .}, {@code _}, {@code -}, {@code :} or {@code @}
 */
public record OrganizationId(String value) implements Comparable<OrganizationId> {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    public OrganizationId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("an organisation id is 1 to 128 letters, digits, '.', '_', '-', ':' or '@'");
        }
    }

    /** The id {@code value}. */
    public static OrganizationId of(String value) {
        return new OrganizationId(value);
    }

    /** Whether {@code value} is a valid organisation id. */
    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    @Override
    public int compareTo(OrganizationId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
