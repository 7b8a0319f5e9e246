package io.kombify.sim.junit;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.sim.DurationText;
import io.kombify.sim.Fault;
import io.kombify.sim.Simulation;
import io.kombify.sim.SimulationReport;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecDocument;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Resolves {@link SimulationReport}, {@link Simulation} and {@link ResolvedSpec} parameters for
 * tests annotated with {@link SimulatedStack}; registered by the annotation itself. Each
 * configuration is simulated once per annotated class or method and kept in that context's
 * extension store, which computes a value at most once even when tests run in parallel; the
 * extension itself holds no state.
 */
public final class SimulatedStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SimulatedStackExtension.class);
    private static final String CLASSPATH = "classpath:";

    /** What the store keeps per annotation: the spec, the configured simulation, and its report. */
    private record Simulated(ResolvedSpec spec, Simulation simulation, SimulationReport report) {
    }

    /** Store key: equal annotations on different elements share nothing, since each element has its own store. */
    private record Key(String spec, long seed, String duration, List<String> faults) {
        static Key of(SimulatedStack a) {
            return new Key(a.spec(), a.seed(), a.duration(), List.of(a.faults()));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return (type == SimulationReport.class || type == Simulation.class || type == ResolvedSpec.class)
                && find(extensionContext).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Found found = find(extensionContext).orElseThrow(() -> new ParameterResolutionException("no @SimulatedStack on "
                + extensionContext.getDisplayName()));
        Key key = Key.of(found.annotation());
        Class<?> testClass = extensionContext.getRequiredTestClass();
        Simulated simulated = found.context().getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> simulate(k, testClass), Simulated.class);
        Class<?> type = parameterContext.getParameter().getType();
        if (type == SimulationReport.class) {
            return simulated.report();
        }
        if (type == Simulation.class) {
            return simulated.simulation();
        }
        return simulated.spec();
    }

    /** An annotation and the context whose store holds its simulation. */
    private record Found(SimulatedStack annotation, ExtensionContext context) {
    }

    /** The nearest annotation: on the test method, else on the class of this or an enclosing context. */
    private static Optional<Found> find(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Optional<AnnotatedElement> element = c.getElement();
            if (element.isEmpty()) {
                continue;
            }
            SimulatedStack annotation = element.get().getAnnotation(SimulatedStack.class);
            if (annotation != null && (element.get() instanceof Method || element.get() instanceof Class<?>)) {
                return Optional.of(new Found(annotation, c));
            }
        }
        return Optional.empty();
    }

    private static Simulated simulate(Key key, Class<?> testClass) {
        Duration duration;
        try {
            duration = DurationText.parse(key.duration());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@SimulatedStack(duration = \"" + key.duration() + "\"): " + e.getMessage());
        }
        ResolvedSpec spec = resolve(read(key.spec(), testClass), key.spec());
        Simulation simulation = Simulation.of(spec).seed(key.seed());
        for (String text : key.faults()) {
            try {
                simulation = simulation.fault(Fault.parse(text));
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException("@SimulatedStack(faults): " + e.getMessage());
            }
        }
        try {
            return new Simulated(spec, simulation, simulation.runFor(duration));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@SimulatedStack(spec = \"" + key.spec() + "\"): " + e.getMessage(), e);
        }
    }

    private static SpecDocument read(String location, Class<?> testClass) {
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length());
            resource = resource.startsWith("/") ? resource.substring(1) : resource;
            ClassLoader loader = testClass.getClassLoader();
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ExtensionConfigurationException("@SimulatedStack(spec = \"" + location + "\"): no resource " + resource
                            + " on the class path of " + testClass.getName());
                }
                return SpecReader.defaults().read(location, in);
            } catch (IOException e) {
                throw new ExtensionConfigurationException("@SimulatedStack(spec = \"" + location + "\"): " + e.getMessage(), e);
            }
        }
        Path path = Path.of(location);
        if (!Files.isRegularFile(path)) {
            throw new ExtensionConfigurationException("@SimulatedStack(spec = \"" + location + "\"): no file " + path.toAbsolutePath());
        }
        try {
            return SpecReader.defaults().read(path);
        } catch (KombifyException e) {
            throw new ExtensionConfigurationException("@SimulatedStack(spec = \"" + location + "\"): " + e.getMessage(), e);
        }
    }

    private static ResolvedSpec resolve(SpecDocument document, String location) {
        try {
            return SpecResolver.create().resolve(document);
        } catch (KombifyException e) {
            String diagnostics = e.diagnostics().stream().filter(Diagnostic::isError).map(d -> "  " + d).collect(Collectors.joining("\n"));
            throw new ExtensionConfigurationException("@SimulatedStack(spec = \"" + location + "\"): the spec is invalid: " + e.getMessage()
                    + (diagnostics.isEmpty() ? "" : "\n" + diagnostics), e);
        }
    }
}
