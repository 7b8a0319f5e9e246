package io.kombify.spec;

import io.kombify.core.Diagnostic;
import io.kombify.spec.kit.StackKit;
import io.kombify.spec.model.Intent;
import io.kombify.spec.model.Kombination;
import io.kombify.spec.resolved.AddOn;
import io.kombify.spec.resolved.ResolvedNetwork;
import io.kombify.spec.resolved.ResolvedNode;
import io.kombify.spec.resolved.ResolvedObservability;
import io.kombify.spec.resolved.ResolvedSecurity;
import io.kombify.spec.resolved.ResolvedService;
import io.kombify.spec.resolved.ResolvedSystem;
import io.kombify.spec.resolved.Tier;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stack as it will be built: the validated {@link Kombination} with its StackKit chosen,
 * add-ons detected, compute tier decided, every default applied, the kit's services merged with
 * the user's, and every enabled service placed on a node. Simulation and deployment start from
 * here. Get one from {@link SpecResolver#resolve(Kombination)}.
 *
 * <p>{@link #planHash()} identifies what would be built: two specs that differ only in map key
 * order, in how a quantity is written ({@code 2048Mi} or {@code 2Gi}), or in spelling out a
 * default, have the same hash; any change that alters the stack changes it.
 *
 * @param name          stack name
 * @param version       schema version (default {@code 1.0})
 * @param kit           the StackKit the stack is built from
 * @param addOns        add-ons switched on, in priority order
 * @param tier          compute tier
 * @param nodes         nodes, in spec order
 * @param services      the kit's services, then the user's, each once
 * @param network       network settings
 * @param security      security settings
 * @param observability logging, metrics, health, alerting, backup
 * @param system        host settings
 * @param intents       the spec's intents
 * @param warnings      things worth knowing that do not stop the stack (overcommitted nodes...)
 * @param source        the spec as written
 * @param planHash      lowercase hex SHA-256 of the canonical form
 *
 * <p>Every component is non-null: the resolver fills each section with its defaults.
 */
public record ResolvedSpec(
        String name,
        String version,
        StackKit kit,
        List<AddOn> addOns,
        Tier tier,
        List<ResolvedNode> nodes,
        List<ResolvedService> services,
        ResolvedNetwork network,
        ResolvedSecurity security,
        ResolvedObservability observability,
        ResolvedSystem system,
        List<Intent> intents,
        List<Diagnostic> warnings,
        Kombination source,
        String planHash) {

    public ResolvedSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kit, "kit");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(observability, "observability");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(planHash, "planHash");
        addOns = List.copyOf(addOns);
        nodes = List.copyOf(nodes);
        services = List.copyOf(services);
        intents = List.copyOf(intents);
        warnings = List.copyOf(warnings);
    }

    /** Whether {@code addOn} is switched on. */
    public boolean has(AddOn addOn) {
        return addOns.contains(addOn);
    }

    /** The node called {@code nodeName}. */
    public Optional<ResolvedNode> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }

    /** The service called {@code serviceName}. */
    public Optional<ResolvedService> service(String serviceName) {
        return services.stream().filter(s -> s.name().equals(serviceName)).findFirst();
    }

    /** The enabled services placed on {@code nodeName}, in order. */
    public List<ResolvedService> servicesOn(String nodeName) {
        List<ResolvedService> out = new ArrayList<>();
        for (ResolvedService s : services) {
            if (s.enabled() && nodeName.equals(s.node())) {
                out.add(s);
            }
        }
        return out;
    }
}
