package io.kombify.server.cli;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.core.Secret;
import io.kombify.core.SecretRef;
import io.kombify.deploy.Plan;
import io.kombify.deploy.PlannedChange;
import io.kombify.deploy.spi.SecretResolver;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Resolves {@code secret://name} from the environment variable {@code KOMBIFY_SECRET_NAME} (the
 * name upper-cased, every character other than a letter or digit turned into {@code _}).
 */
final class EnvironmentSecrets implements SecretResolver {
    private final Map<String, String> environment;

    EnvironmentSecrets(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    static String variable(SecretRef ref) {
        return "KOMBIFY_SECRET_" + ref.name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The secrets that resources the plan creates or updates refer to and that have no value, by name. */
    Set<SecretRef> missingFor(Plan plan) {
        Set<SecretRef> missing = new TreeSet<>(Comparator.comparing(SecretRef::name));
        for (PlannedChange c : plan.effectiveChanges()) {
            c.desired().ifPresent(r -> r.sensitive().forEach(a -> collect(r.attributes().get(a), missing)));
        }
        missing.removeIf(ref -> environment.get(variable(ref)) != null);
        return missing;
    }

    /**
     * Fails before anything is changed when a resource the plan creates or updates refers to a
     * secret that has no value, naming every such reference and its variable.
     *
     * @throws KombifyException {@code SECRET_UNRESOLVED}
     */
    void requireValuesFor(Plan plan) {
        Set<SecretRef> missing = missingFor(plan);
        if (missing.isEmpty()) {
            return;
        }
        String message = describe(missing) + "; nothing was changed";
        String hint = hint(missing);
        throw new KombifyException("SECRET_UNRESOLVED", message,
                List.of(Diagnostic.error("SECRET_UNRESOLVED", "", message, hint)));
    }

    /** {@code no values for secret://a, secret://b}. */
    static String describe(Set<SecretRef> missing) {
        return (missing.size() == 1 ? "no value for " : "no values for ")
                + missing.stream().map(SecretRef::toString).collect(Collectors.joining(", "));
    }

    /** Which variables to set. */
    static String hint(Set<SecretRef> missing) {
        return "set the environment variable" + (missing.size() == 1 ? " " : "s ")
                + missing.stream().map(EnvironmentSecrets::variable).collect(Collectors.joining(", "))
                + " to the secret's value";
    }

    private static void collect(Object value, Set<SecretRef> into) {
        if (value instanceof String text && SecretRef.isReference(text)) {
            into.add(SecretRef.parse(text));
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, into));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, into));
        }
    }

    @Override
    public Secret resolve(SecretRef ref) {
        String name = variable(ref);
        String value = environment.get(name);
        if (value == null) {
            throw new KombifyException("SECRET_UNRESOLVED", "no value for " + ref + ": set the environment variable "
                    + name);
        }
        return Secret.of(ref, value);
    }
}
