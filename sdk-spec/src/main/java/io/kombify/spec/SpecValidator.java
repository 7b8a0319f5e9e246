package io.kombify.spec;

import io.kombify.core.Diagnostic;
import io.kombify.spec.internal.validate.ConstraintWalk;
import io.kombify.spec.internal.validate.DocumentOrder;
import io.kombify.spec.internal.validate.Findings;
import io.kombify.spec.internal.validate.KitRules;
import io.kombify.spec.internal.validate.LimitRules;
import io.kombify.spec.internal.validate.NetworkRules;
import io.kombify.spec.internal.validate.NodeRules;
import io.kombify.spec.internal.validate.ServiceRules;
import io.kombify.spec.kit.StackKit;
import io.kombify.spec.kit.StackKitCatalog;
import io.kombify.spec.model.Kombination;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a {@code kombination.yaml} against every rule at once and says what is wrong,
 * where, and what to do about it. Use it after {@link SpecReader}; a {@link SpecResolver}
 * uses it too, before it resolves anything.
 *
 * <pre>{@code
 * SpecDocument doc = SpecReader.defaults().read(Path.of("kombination.yaml"));
 * ValidationResult result = SpecValidator.create().validate(doc);
 * result.errors().forEach(System.out::println);   // 12:9: error SERVICE_NEEDS_UNKNOWN: ...
 * }</pre>
 *
 * <p>One pass finds everything: the field constraints declared on the model (required
 * fields, patterns, ranges), the schema's cross-field rules (edge nodes, the StackKit
 * reference), upstream's validator rules (unique names, known nodes, the {@code needs}
 * graph with its cycles), the policies (private internal subnet, reserved ports), host
 * ports bound twice on a node, the selected kit's gates and the size limits of a
 * {@link ValidationPolicy}. The document's own reading problems are part of the result, and
 * a value the reader already rejected is not reported a second time. Every diagnostic has a
 * stable code, a JSON pointer, the line and column of the offending value (or of the object
 * that lacks a required field) and a hint; they come in document order.
 *
 * <p>A validator is immutable and thread-safe: build one and share it. Variations come from
 * {@link #toBuilder()}.
 */
public final class SpecValidator {
    private final ValidationPolicy policy;
    private final StackKitCatalog catalog;

    private SpecValidator(Builder builder) {
        this.policy = builder.policy;
        this.catalog = builder.catalog != null ? builder.catalog : StackKitCatalog.builtIn();
    }

    /** A validator with {@link ValidationPolicy#DEFAULT} and the built-in kit catalogue. */
    public static SpecValidator create() {
        return Default.VALIDATOR;
    }

    // Built on first use of create(), so a process that builds its own validator does not
    // assemble the built-in catalogue (a ServiceLoader scan for kit providers) twice.
    private static final class Default {
        static final SpecValidator VALIDATOR = new Builder().build();
    }

    /** A builder starting from the default policy and the built-in kit catalogue. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this validator's settings. */
    public Builder toBuilder() {
        return new Builder().policy(policy).catalog(catalog);
    }

    /** The size limits this validator applies. */
    public ValidationPolicy policy() {
        return policy;
    }

    /** The kits this validator knows. */
    public StackKitCatalog catalog() {
        return catalog;
    }

    /**
     * Every problem of {@code document}: its reading problems plus every rule it breaks,
     * each placed at its line and column. Never throws for bad content; a document that
     * could not be read at all yields its reading problems.
     *
     * @param document never {@code null}
     */
    public ValidationResult validate(SpecDocument document) {
        Objects.requireNonNull(document, "document");
        SourceMap positions = document.positions();
        List<Diagnostic> all = new ArrayList<>(document.diagnostics().size() + 8);
        for (Diagnostic d : document.diagnostics()) {
            all.add(positions.place(d));
        }
        Kombination spec = document.spec();
        String resolvedKit = null;
        if (spec != null) {
            Findings findings = new Findings(positions);
            ConstraintWalk.check(spec, positions, findings);
            NodeRules.check(spec, findings);
            ServiceRules.check(spec, findings);
            NetworkRules.check(spec, findings);
            LimitRules.check(spec, policy, findings);
            StackKit kit = KitRules.check(spec, catalog, findings);
            resolvedKit = kit == null ? null : kit.name();
            Set<String> rejected = rejectedPaths(document.diagnostics());
            for (Diagnostic d : findings.diagnostics()) {
                if (!coveredBy(d.path(), rejected)) {
                    all.add(positions.place(d));
                }
            }
        } else if (!document.hasErrors()) {
            all.add(positions.place(Diagnostic.error("SPEC_EMPTY", "",
                    "the document holds no spec",
                    "write a spec with at least `name` and `nodes`")));
        }
        List<Diagnostic> errors = new ArrayList<>();
        List<Diagnostic> warnings = new ArrayList<>();
        for (Diagnostic d : DocumentOrder.sort(all, spec)) {
            (d.isError() ? errors : warnings).add(d);
        }
        return new ValidationResult(errors.isEmpty(), errors, warnings, resolvedKit);
    }

    /**
     * Every problem of a model built in code. Diagnostics have paths but no positions.
     *
     * @param spec never {@code null}
     */
    public ValidationResult validate(Kombination spec) {
        return validate(SpecDocument.of(spec));
    }

    /** Paths where reading already rejected a value (it is absent from the model). */
    private static Set<String> rejectedPaths(List<Diagnostic> readDiagnostics) {
        Set<String> paths = new HashSet<>();
        for (Diagnostic d : readDiagnostics) {
            // A problem with the whole document (such as a second YAML document) rejects no value.
            if (d.isError() && !d.path().isEmpty()) {
                paths.add(d.path());
            }
        }
        return paths;
    }

    /** Whether {@code path} is at or below a rejected path: reporting it again would only repeat. */
    private static boolean coveredBy(String path, Set<String> rejected) {
        if (rejected.isEmpty()) {
            return false;
        }
        String p = path;
        while (true) {
            if (rejected.contains(p)) {
                return true;
            }
            if (p.isEmpty()) {
                return false;
            }
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? "" : p.substring(0, slash);
        }
    }

    @Override
    public String toString() {
        return "SpecValidator{policy=" + policy.name() + ", kits=" + catalog.kits().size() + "}";
    }

    /** Settings of a {@link SpecValidator}. Not thread-safe; the validator it builds is. */
    public static final class Builder {
        private ValidationPolicy policy = ValidationPolicy.DEFAULT;
        private StackKitCatalog catalog;

        private Builder() {
        }

        /** Size limits; {@link ValidationPolicy#DEFAULT} unless set. */
        public Builder policy(ValidationPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The kits a spec may name; {@link StackKitCatalog#builtIn()} unless set. */
        public Builder catalog(StackKitCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        public SpecValidator build() {
            return new SpecValidator(this);
        }
    }
}
