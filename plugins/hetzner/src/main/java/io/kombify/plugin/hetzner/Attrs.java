package io.kombify.plugin.hetzner;

import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed access to a resource's attributes; a wrong or missing one is an {@link ErrorKind#INVALID} failure naming it. */
final class Attrs {

    private final ResourceId id;
    private final Map<String, Object> values;

    Attrs(ResourceId id, Map<String, Object> values) {
        this.id = id;
        this.values = values;
    }

    /** The failure for attribute {@code name} of {@code id}. */
    static ProviderException invalid(ResourceId id, String name, String problem) {
        return new ProviderException(ErrorKind.INVALID, ErrorKind.INVALID.code(),
                "attribute " + name + " of " + id + " " + problem, null, null);
    }

    ProviderException invalid(String name, String problem) {
        return invalid(id, name, problem);
    }

    boolean has(String name) {
        return values.get(name) != null;
    }

    Optional<String> string(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s) {
            return s.isBlank() ? Optional.empty() : Optional.of(s);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return Optional.of(String.valueOf(v));
        }
        throw invalid(name, "must be a string, not " + describe(v));
    }

    String requiredString(String name) {
        return string(name).orElseThrow(() -> invalid(name, "is required"));
    }

    Optional<Double> number(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Number n) {
            return Optional.of(n.doubleValue());
        }
        if (v instanceof String s) {
            try {
                return Optional.of(Double.parseDouble(s.trim()));
            } catch (NumberFormatException e) {
                throw invalid(name, "must be a number, not '" + s + "'");
            }
        }
        throw invalid(name, "must be a number, not " + describe(v));
    }

    Optional<Long> whole(String name) {
        Optional<Double> d = number(name);
        if (d.isPresent() && (d.get() != Math.rint(d.get()) || Double.isInfinite(d.get()))) {
            throw invalid(name, "must be a whole number, not " + d.get());
        }
        return d.map(Double::longValue);
    }

    Optional<Boolean> bool(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Boolean b) {
            return Optional.of(b);
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Optional.of(Boolean.parseBoolean(s));
        }
        throw invalid(name, "must be true or false, not " + describe(v));
    }

    List<?> list(String name) {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l;
        }
        throw invalid(name, "must be a list, not " + describe(v));
    }

    /**
     * The address a reference attribute names, if it is one of the given type ({@code ssh_key.lab});
     * empty when the attribute is absent or names something else (such as an existing resource's
     * name at Hetzner).
     */
    Optional<ResourceId> reference(String name, ResourceType type) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        int dot = text.get().indexOf('.');
        if (dot <= 0 || !text.get().substring(0, dot).equals(type.name())) {
            return Optional.empty();
        }
        try {
            return Optional.of(ResourceId.parse(text.get()));
        } catch (RuntimeException e) {
            throw invalid(name, "is not a resource address: " + text.get());
        }
    }

    /** A number as a person writes it: {@code 4}, {@code 0.5}, {@code 1.33} (at most two decimals). */
    static String plain(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return String.valueOf(d);
        }
        return BigDecimal.valueOf(d).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String describe(Object v) {
        if (v instanceof Map<?, ?>) {
            return "a map";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        return "'" + v + "'";
    }
}
