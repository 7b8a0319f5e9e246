package io.kombify.spec.internal.resolve;

import io.kombify.core.ByteSize;
import io.kombify.core.CpuQuantity;
import io.kombify.spec.model.NodeType;
import io.kombify.spec.model.Port;
import io.kombify.spec.model.Protocol;
import io.kombify.spec.model.Provider;
import io.kombify.spec.model.ServiceType;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The schema's defaults in one place: {@code #SmartDefaults}, {@code #ProviderDefaults} and
 * {@code #ServiceDefaults} of the upstream {@code defaults.cue}, and the cloud providers of
 * {@code stackkit_selector.cue}. The kit gates and the resolver read them from here so they can
 * never disagree.
 */
public final class Defaults {
    private Defaults() {
    }

    /** Node capacity assumed when a node states none. */
    public record NodeCapacity(CpuQuantity cpu, ByteSize memory, ByteSize disk) {
    }

    /** SSH user and port of a provider's stock images. */
    public record SshDefault(String user, int port) {
    }

    private static final NodeCapacity MAIN = new NodeCapacity(CpuQuantity.ofCores(4), ByteSize.ofGibibytes(4), ByteSize.ofGibibytes(50));
    private static final NodeCapacity WORKER = new NodeCapacity(CpuQuantity.ofCores(2), ByteSize.ofGibibytes(2), ByteSize.ofGibibytes(20));
    private static final NodeCapacity EDGE = new NodeCapacity(CpuQuantity.ofCores(1), ByteSize.ofGibibytes(1), ByteSize.ofGibibytes(10));

    /** Providers that select the cloud kit ({@code hasCloudProvider} of {@code #StackKitSelector}). */
    public static final Set<Provider> CLOUD_PROVIDERS = Set.copyOf(EnumSet.of(Provider.AWS, Provider.GCP, Provider.AZURE,
            Provider.HETZNER, Provider.DIGITALOCEAN, Provider.DIGITALOCEAN_MANAGED, Provider.CENTRON, Provider.IONOS));

    /** {@code #SmartDefaults} for a node type ({@code main} when the type is missing). */
    public static NodeCapacity capacity(NodeType type) {
        if (type == null) {
            return MAIN;
        }
        return switch (type) {
            case MAIN -> MAIN;
            case WORKER -> WORKER;
            case EDGE -> EDGE;
        };
    }

    /**
     * {@code #ProviderDefaults.sshDefaults}; {@code null} for {@code docker}, which is not reached
     * over SSH. Providers the upstream table leaves out ({@code digitalocean-managed},
     * {@code centron}, {@code ionos}) use {@code root}, as their stock images do.
     */
    public static SshDefault ssh(Provider provider) {
        if (provider == null) {
            return null;
        }
        return switch (provider) {
            case DOCKER -> null;
            case LOCAL -> new SshDefault("ubuntu", 22);
            case AWS -> new SshDefault("ec2-user", 22);
            case GCP -> new SshDefault("admin", 22);
            case AZURE -> new SshDefault("azureuser", 22);
            case HETZNER, PROXMOX, DIGITALOCEAN, DIGITALOCEAN_MANAGED, CENTRON, IONOS -> new SshDefault("root", 22);
        };
    }

    /** {@code #ServiceDefaults.ports}. */
    public static List<Port> ports(ServiceType type) {
        if (type == null) {
            return List.of();
        }
        return switch (type) {
            case REVERSE_PROXY -> List.of(new Port(80, 80, Protocol.TCP), new Port(443, 443, Protocol.TCP));
            case DATABASE -> List.of(new Port(5432, null, Protocol.TCP));
            case MONITORING -> List.of(new Port(3000, null, Protocol.TCP));
            default -> List.of();
        };
    }

    /**
     * {@code #ServiceDefaults.needs}: names of the services of those types this one waits for.
     * Upstream writes them as types ({@code docker}, {@code database}); the resolver turns each
     * into the services of that type the stack really has.
     */
    public static List<ServiceType> needs(ServiceType type) {
        if (type == null) {
            return List.of();
        }
        return switch (type) {
            case REVERSE_PROXY, DATABASE -> List.of(ServiceType.DOCKER);
            case MONITORING -> List.of(ServiceType.DOCKER, ServiceType.DATABASE);
            default -> List.of();
        };
    }
}
