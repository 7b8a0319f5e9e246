package io.kombify.samples;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.sim.Simulation;
import io.kombify.sim.SimulationReport;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecDocument;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import io.kombify.spec.SpecValidator;
import io.kombify.spec.ValidationResult;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The smallest useful embedding of the SDK: read a {@code kombination.yaml}, report every
 * problem with its line and column, and for a valid spec print the resolved StackKit and the
 * plan hash, then simulate an hour of its deployment and print whether every service became
 * ready. Start from this class when your own tool needs to accept kombify specs; it runs
 * as a named module:
 *
 * <pre>{@code
 * java --module-path samples.jar:sdk-sim.jar:sdk-spec.jar:sdk-core.jar:snakeyaml-engine.jar:jackson-core.jar \
 *      -m io.kombify.samples/io.kombify.samples.ValidateAndResolve kombination.yaml
 * }</pre>
 *
 * <p>Exit status: 0 when every file is valid, 1 when one is invalid, 2 when one cannot be read.
 */
public final class ValidateAndResolve {
    // setup {
    // Built once and shared: readers, validators and resolvers are immutable and thread-safe.
    private final SpecReader reader = SpecReader.defaults();
    private final SpecValidator validator = SpecValidator.create();
    private final SpecResolver resolver = SpecResolver.create();
    // }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: ValidateAndResolve FILE...");
            System.exit(2);
        }
        System.out.println("module " + ValidateAndResolve.class.getModule().getName()
                + " uses " + SpecReader.class.getModule().getName()
                + " (named: " + SpecReader.class.getModule().isNamed() + ")"
                + " and " + Simulation.class.getModule().getName()
                + " (named: " + Simulation.class.getModule().isNamed() + ")");
        ValidateAndResolve app = new ValidateAndResolve();
        int status = 0;
        for (String arg : args) {
            status = Math.max(status, app.check(Path.of(arg), System.out));
        }
        System.exit(status);
    }

    /** Checks one file, writes what it found to {@code out}, and returns the exit status for it. */
    int check(Path file, PrintStream out) {
        try {
            return checkReadable(file, out);
        } catch (KombifyException e) {
            out.println(file + ": " + e.code() + ": " + e.getMessage());
            return 2;
        }
    }

    private int checkReadable(Path file, PrintStream out) {
        // embedding {
        SpecDocument document = reader.read(file);
        ValidationResult result = validator.validate(document);
        for (Diagnostic d : result.all()) {
            out.printf("%s:%d:%d: %s %s: %s%n",
                    file, d.line(), d.column(), d.severity().label(), d.code(), d.message());
        }
        if (!result.valid()) {
            out.printf("%s: invalid, %d error(s)%n", file, result.errors().size());
            return 1;
        }
        ResolvedSpec resolved = resolver.resolve(document, result);
        out.printf("%s: valid, %d node(s), %d service(s), kit %s, planHash %s%n",
                file, document.spec().nodes().size(), document.spec().services().size(),
                result.resolvedKit(), resolved.planHash());
        // }
        SimulationReport report = Simulation.of(resolved).runFor(Duration.ofHours(1));
        out.printf("%s: simulated %s, %d/%d service(s) ready, %d violation(s)%n",
                file, report.duration(), report.readyServices().size(), report.services().size(),
                report.violations().size());
        return 0;
    }
}
