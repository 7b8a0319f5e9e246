package io.kombify.deploy;

import io.kombify.deploy.spi.Provider;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The providers an apply may call, by name. Made from provider instances directly (in tests and
 * embedding code) or by {@link io.kombify.deploy.plugin.ProviderRegistry#instantiate}.
 */
public final class Providers implements AutoCloseable {

    private final Map<String, Provider> byName;

    private Providers(Map<String, Provider> byName) {
        this.byName = byName;
    }

    /**
     * These providers, each under its descriptor's name.
     *
     * @throws IllegalArgumentException when two have the same name
     */
    public static Providers of(Collection<? extends Provider> providers) {
        Map<String, Provider> map = new LinkedHashMap<>();
        for (Provider p : providers) {
            String name = p.descriptor().name();
            if (map.put(name, p) != null) {
                throw new IllegalArgumentException("two providers are named " + name);
            }
        }
        return new Providers(Collections.unmodifiableMap(map));
    }

    /** These providers. */
    public static Providers of(Provider... providers) {
        return of(java.util.List.of(providers));
    }

    /**
     * One provider under several names: the simulated provider stands in for {@code hetzner},
     * {@code docker}, {@code local} and the rest when rehearsing an apply.
     */
    public static Providers standIn(Provider provider, Collection<String> names) {
        Map<String, Provider> map = new LinkedHashMap<>();
        for (String n : names) {
            map.put(n, provider);
        }
        map.put(provider.descriptor().name(), provider);
        return new Providers(Collections.unmodifiableMap(map));
    }

    /** The provider of this name. */
    public Optional<Provider> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The names that resolve. */
    public Set<String> names() {
        return byName.keySet();
    }

    /** Closes every distinct provider, ignoring failures of one so the others still close. */
    @Override
    public void close() {
        java.util.Set<Provider> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        distinct.addAll(byName.values());
        for (Provider p : distinct) {
            try {
                p.close();
            } catch (RuntimeException ignored) {
                // a provider that fails to close must not keep the others open
            }
        }
    }
}
