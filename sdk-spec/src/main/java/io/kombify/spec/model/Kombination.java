package io.kombify.spec.model;

import java.util.List;

/**
 * A {@code kombination.yaml} as the user wrote it: the whole desired state of a homelab or
 * hybrid stack in one value. Nothing here is defaulted; absent fields are {@code null}
 * (absent lists and maps are empty). Get one from {@link io.kombify.spec.SpecReader},
 * check it with {@link io.kombify.spec.SpecValidator}, and turn it into a complete,
 * defaulted {@link io.kombify.spec.ResolvedSpec} with {@link io.kombify.spec.SpecResolver}.
 *
 * @param name          stack name, DNS-compatible (RFC 1123 label)
 * @param version       schema version such as {@code 1.0}
 * @param kit           StackKit name; {@code null} or empty selects one automatically
 * @param nodes         at least one compute node
 * @param services      services to deploy, beyond the kit's own
 * @param system        host-level settings
 * @param security      hardening settings
 * @param network       VPN, domain, DNS, internal subnet and outbound proxy
 * @param identity      owner and recovery bootstrap (open for kit extensions)
 * @param observability logging, metrics, health checks, alerting and backups
 * @param intents       goals that tune smart defaults
 * @param metadata      free-form metadata (open)
 */
public record Kombination(
        @Required @Pattern(value = SpecPatterns.DNS_NAME, example = "my-homelab") String name,
        @Pattern(value = SpecPatterns.VERSION, example = "1.0") String version,
        String kit,
        @Required @MinItems(1) List<Node> nodes,
        List<Service> services,
        SystemConfig system,
        SecurityConfig security,
        NetworkConfig network,
        IdentityConfig identity,
        ObservabilityConfig observability,
        List<Intent> intents,
        Metadata metadata) {

    public Kombination {
        nodes = Copies.list(nodes);
        services = Copies.list(services);
        intents = Copies.list(intents);
    }

    /** The node called {@code name}, or {@code null}. */
    public Node node(String nodeName) {
        return nodes.stream().filter(n -> nodeName.equals(n.name())).findFirst().orElse(null);
    }

    /** The service called {@code name}, or {@code null}. */
    public Service service(String serviceName) {
        return services.stream().filter(s -> serviceName.equals(s.name())).findFirst().orElse(null);
    }
}
