package io.kombify.spec;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.spec.internal.resolve.Resolver;
import io.kombify.spec.kit.StackKit;
import io.kombify.spec.kit.StackKitCatalog;
import io.kombify.spec.model.Kombination;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a spec into a {@link ResolvedSpec}: the complete stack that simulation and deployment
 * work from. Create one and share it; it is immutable and thread-safe.
 *
 * <pre>{@code
 * SpecResolver resolver = SpecResolver.create();
 * ResolvedSpec stack = resolver.resolve(SpecReader.defaults().read(Path.of("kombination.yaml")));
 * stack.services().forEach(s -> System.out.println(s.name() + " -> " + s.node()));
 * }</pre>
 *
 * <p>What resolution does, in order:
 * <ol>
 * <li>validates the spec with a {@link SpecValidator} of the same policy and catalogue, and
 *     throws {@code SPEC_INVALID} carrying every diagnostic when it has errors (its warnings are
 *     kept in {@link ResolvedSpec#warnings()}); a caller that has validated the document
 *     already hands its result to {@link #resolve(SpecDocument, ValidationResult)} instead;</li>
 * <li>gives every node its capacity: as written, else the smart defaults of its type (main
 *     4 CPU / 4Gi / 50Gi, worker 2 / 2Gi / 20Gi, edge 1 / 1Gi / 10Gi), and its SSH user and port
 *     from its provider (hetzner, proxmox, digitalocean root; local ubuntu; aws ec2-user; gcp
 *     admin; azure azureuser; docker is not reached over SSH);</li>
 * <li>selects the kit ({@link StackKitCatalog#select}), detects the add-ons (see
 *     {@link io.kombify.spec.resolved.AddOn}) and the compute tier (the weakest main node against
 *     the kit's tiers: high 8 CPU / 16Gi, standard 4 / 8Gi, else low);</li>
 * <li>merges the kit's services for that tier with the user's: a user service named like a
 *     kit service overrides it field by field (ports, needs, resources, config; the image comes
 *     from {@code config.image} when given, else from the kit); the low-memory add-on drops the
 *     kit's heavy extras (grafana, victoriametrics, elasticsearch, minio);</li>
 * <li>applies every default of the schema ({@code restartPolicy: unless-stopped}, port protocol
 *     tcp, limits 1.0 CPU / 512Mi with requests equal to the limits, default ports and needs by
 *     service type, firewall, TLS, logging, health, backup, DNS servers...); the vpn-overlay
 *     add-on opens UDP 51820;</li>
 * <li>places every enabled service that names no {@code node} (see below) and computes the
 *     {@link ResolvedSpec#planHash() plan hash}.</li>
 * </ol>
 *
 * <p>Placement: a service may go to a node whose labels match {@code config.nodeSelector} and
 * {@code config.placement} (a map of labels, or a node type such as {@code edge}), whose type
 * matches the kit's placement for it (the kit's proxy runs on main nodes), and whose taints it
 * tolerates ({@code config.tolerations}; taints with effect {@code PreferNoSchedule} never
 * repel). Among those, the node with the most free capacity that still fits its requests wins;
 * ties go to the first main node. If none has room, it goes to the freest eligible node, and a node
 * whose services then request more memory than it has is reported {@code NODE_OVERCOMMITTED}
 * (warning; CPU is shared, so CPU oversubscription is not reported). If no node is eligible at all,
 * resolution fails with {@code SERVICE_UNPLACEABLE}. The result depends only on the spec.
 */
public final class SpecResolver {
    private final StackKitCatalog catalog;
    private final ValidationPolicy policy;
    private final SpecValidator validator;

    private SpecResolver(Builder b) {
        this.catalog = b.catalog != null ? b.catalog : StackKitCatalog.builtIn();
        this.policy = b.policy != null ? b.policy : ValidationPolicy.DEFAULT;
        this.validator = SpecValidator.builder().policy(policy).catalog(catalog).build();
    }

    /** A resolver with the built-in kit catalogue and the default validation policy. */
    public static SpecResolver create() {
        return builder().build();
    }

    /** Settings for a resolver. */
    public static Builder builder() {
        return new Builder();
    }

    /** The kit catalogue kits are selected from. */
    public StackKitCatalog catalog() {
        return catalog;
    }

    /** The validation policy applied before resolving. */
    public ValidationPolicy policy() {
        return policy;
    }

    /**
     * Resolves a read document.
     *
     * @throws KombifyException {@code SPEC_INVALID} with every diagnostic (placed at line and
     *     column) when the document could not be read or breaks a rule, or when a service can be
     *     placed on no node
     */
    public ResolvedSpec resolve(SpecDocument document) {
        Objects.requireNonNull(document, "document");
        return resolve(document.spec(), validator.validate(document), document);
    }

    /**
     * Resolves a document its caller has already validated, without validating it a second
     * time: what a tool calls that shows the validation's findings first and then resolves, as
     * {@code ValidateAndResolve} in the samples does. Validation is a good part of the cost of
     * resolving a large spec, so this is the cheaper path whenever the result is at hand.
     *
     * <p>{@code validation} must be the result of validating this same document with a
     * validator of this resolver's policy and catalogue ({@code SpecValidator.builder()
     * .policy(resolver.policy()).catalog(resolver.catalog()).build()}); resolution trusts it
     * and keeps its warnings in {@link ResolvedSpec#warnings()}. The outcome is then exactly
     * that of {@link #resolve(SpecDocument)}.
     *
     * @throws KombifyException {@code SPEC_INVALID} with every diagnostic when {@code validation}
     *     has errors or the document holds no spec, or when a service can be placed on no node
     */
    public ResolvedSpec resolve(SpecDocument document, ValidationResult validation) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(validation, "validation");
        return resolve(document.spec(), validation, document);
    }

    /**
     * Resolves a spec built in code (diagnostics carry paths but no positions).
     *
     * @throws KombifyException {@code SPEC_INVALID} as for {@link #resolve(SpecDocument)}
     */
    public ResolvedSpec resolve(Kombination spec) {
        Objects.requireNonNull(spec, "spec");
        return resolve(spec, validator.validate(spec), null);
    }

    private ResolvedSpec resolve(Kombination spec, ValidationResult result, SpecDocument document) {
        if (!result.valid() || spec == null) {
            List<Diagnostic> all = result.all();
            String first = result.errors().isEmpty() ? "the spec is invalid" : result.errors().get(0).toString();
            throw new KombifyException("SPEC_INVALID",
                    "cannot resolve an invalid spec (" + result.errors().size() + " error(s)): " + first, all);
        }
        StackKit kit = catalog.select(spec);
        try {
            return Resolver.resolve(spec, kit, result.warnings(), document == null ? d -> d : document.positions()::place);
        } catch (KombifyException e) {
            if (document == null) {
                throw e;
            }
            List<Diagnostic> placed = new ArrayList<>();
            for (Diagnostic d : e.diagnostics()) {
                placed.add(document.positions().place(d));
            }
            throw new KombifyException(e.code(), e.getMessage(), placed, e);
        }
    }

    @Override
    public String toString() {
        return "SpecResolver[policy=" + policy.name() + ", " + catalog + "]";
    }

    /** Builds a {@link SpecResolver}; unset values take the defaults of {@link #create()}. */
    public static final class Builder {
        private StackKitCatalog catalog;
        private ValidationPolicy policy;

        private Builder() {
        }

        /** The kit catalogue (default {@link StackKitCatalog#builtIn()}). */
        public Builder catalog(StackKitCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /** The validation policy (default {@link ValidationPolicy#DEFAULT}). */
        public Builder policy(ValidationPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The resolver; the builder can be used again afterwards. */
        public SpecResolver build() {
            return new SpecResolver(this);
        }
    }
}
