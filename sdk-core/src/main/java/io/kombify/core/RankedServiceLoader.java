package io.kombify.core;

import io.kombify.core.spi.Ranked;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the providers of a service with {@link ServiceLoader}, orders them by
 * {@link Ranked#rank()} (highest first, then by class name so the order never depends on
 * the class path), and says where each one came from.
 *
 * <p>On the module path, {@code ServiceLoader} only serves modules that declare
 * {@code uses}; this loader declares it at run time for its own module, so the calling
 * module's {@code uses} clause is what documents the dependency. A provider that fails to
 * load does not hide the others: it is reported in {@link Result#failures()}.
 */
public final class RankedServiceLoader {
    private RankedServiceLoader() {
    }

    /**
     * One provider and where it was found.
     *
     * @param provider the instance, never {@code null}
     * @param rank     its rank
     * @param origin   the module name, or the jar or folder it was loaded from
     */
    public record Found<T>(T provider, int rank, String origin) {
    }

    /**
     * What a look-up found.
     *
     * @param found    providers, highest rank first
     * @param failures providers that could not be instantiated, with the reason
     */
    public record Result<T>(List<Found<T>> found, List<String> failures) {
        public Result {
            found = List.copyOf(found);
            failures = List.copyOf(failures);
        }

        /** The providers alone, highest rank first. */
        public List<T> providers() {
            return found.stream().map(Found::provider).toList();
        }
    }

    /** Loads providers of {@code service} visible to {@code loader} (the context class loader when {@code null}). */
    public static <T> Result<T> load(Class<T> service, ClassLoader loader) {
        Objects.requireNonNull(service, "service");
        Module self = RankedServiceLoader.class.getModule();
        if (self.isNamed() && !self.canUse(service)) {
            self.addUses(service);
        }
        ClassLoader cl = loader != null ? loader : Thread.currentThread().getContextClassLoader();
        ServiceLoader<T> serviceLoader = cl == null ? ServiceLoader.load(service) : ServiceLoader.load(service, cl);
        return collect(serviceLoader);
    }

    /** Loads providers of {@code service} from the modules of {@code layer}. */
    public static <T> Result<T> load(ModuleLayer layer, Class<T> service) {
        Objects.requireNonNull(layer, "layer");
        Module self = RankedServiceLoader.class.getModule();
        if (self.isNamed() && !self.canUse(service)) {
            self.addUses(service);
        }
        return collect(ServiceLoader.load(layer, service));
    }

    private static <T> Result<T> collect(ServiceLoader<T> serviceLoader) {
        List<Found<T>> found = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        var it = serviceLoader.iterator();
        while (true) {
            T provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                failures.add(e.getMessage());
                continue;
            }
            int rank = provider instanceof Ranked r ? r.rank() : 0;
            found.add(new Found<>(provider, rank, origin(provider.getClass())));
        }
        found.sort(Comparator.<Found<T>>comparingInt(Found::rank).reversed()
                .thenComparing(f -> f.provider().getClass().getName()));
        return new Result<>(found, failures);
    }

    static String origin(Class<?> type) {
        Module module = type.getModule();
        if (module.isNamed()) {
            return "module " + module.getName();
        }
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        return location == null ? "unknown location" : location.toString();
    }
}
