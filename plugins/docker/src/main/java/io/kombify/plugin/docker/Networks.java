package io.kombify.plugin.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code container_network} resources: a network named {@code NAME-NODE} on the node's engine
 * (the graph names it after the stack, so {@code lab-home} for stack {@code lab} on node
 * {@code home}; the node in the name keeps two nodes that share one engine apart). Nothing about
 * a network can change in place. The provider identifier is Docker's network id.
 */
final class Networks {

    /** The attributes a container network may have. */
    static final Set<String> KNOWN = Set.of("name", "node", "driver");

    private static final int STUCK_TRIES = 5;
    private static final long STUCK_PAUSE_MILLIS = 200;

    private final Nodes nodes;

    Networks(Nodes nodes) {
        this.nodes = nodes;
    }

    /** The Docker name of network {@code name} on {@code node}. */
    static String dockerName(String name, String node) {
        return node == null ? name : name + "-" + node;
    }

    ResourceState create(CreateRequest request) {
        Attrs a = new Attrs(request.id(), request.attributes()).requireKnown(KNOWN);
        String name = a.string("name");
        if (!Attrs.DOCKER_NAME.matcher(name).matches()) {
            throw a.invalid("name", "'" + name + "' is not a network name (letters, digits, '_', '.' and '-')");
        }
        String node = a.optionalString("node").orElse(null);
        String driver = a.optionalString("driver").orElse("bridge");
        String stack = request.context().stack();
        Target t = nodes.target(node);
        Optional<String> earlier = findByKey(t, stack, request.idempotencyKey());
        if (earlier.isPresent()) {
            return stateOf(t, earlier.get(), request.id());
        }
        String dockerName = dockerName(name, node);
        Optional<Network> existing = byName(t, dockerName);
        if (existing.isPresent()) {
            return adopt(t, existing.get(), stack, request.id());
        }
        Map<String, String> labels = new LinkedHashMap<>(Labels.ownership(request.context(), request.id(), request.idempotencyKey()));
        if (node != null) {
            labels.put(Labels.NODE, node);
        }
        String id;
        try {
            id = t.call("create " + request.id(), () -> t.client().createNetworkCmd()
                    .withName(dockerName)
                    .withDriver(driver)
                    .withCheckDuplicate(true)
                    .withLabels(labels)
                    .exec()
                    .getId());
        } catch (ProviderException e) {
            Optional<Network> raced = e.kind() == ErrorKind.CONFLICT ? byName(t, dockerName) : Optional.empty();
            if (raced.isPresent()) {
                return adopt(t, raced.get(), stack, request.id());
            }
            throw e;
        }
        return stateOf(t, id, request.id());
    }

    /**
     * A network of the wanted name exists: one this stack made for this resource (left by an
     * apply whose state was lost) is taken over; anything else is a conflict.
     */
    private static ResourceState adopt(Target t, Network n, String stack, ResourceId rid) {
        Map<String, String> labels = n.getLabels() == null ? Map.of() : n.getLabels();
        if (stack.equals(labels.get(ProviderContext.LABEL_STACK)) && rid.toString().equals(labels.get(ProviderContext.LABEL_RESOURCE))) {
            return state(t, n);
        }
        String owner = Labels.owner(labels);
        throw new ProviderException(ErrorKind.CONFLICT, "DOCKER_NAME_CONFLICT", "could not create " + rid + " on " + t.where()
                + ": a network named " + n.getName() + " already exists and " + owner + " (remove it with docker network rm "
                + n.getName() + ", or rename the stack)", null, null);
    }

    Optional<ResourceState> read(ReadRequest request) {
        Target t = nodes.target(Containers.nodeOf(request.recorded()));
        return inspect(t, request.providerId(), request.id()).map(n -> state(t, n));
    }

    Optional<ResourceState> lookup(LookupRequest request) {
        return nodes.search(t -> findByKey(t, request.context().stack(), request.idempotencyKey())
                .flatMap(found -> inspect(t, found, request.id()))
                .map(n -> state(t, n)));
    }

    /**
     * Removes the network. While containers still use it the engine refuses ({@code CONFLICT},
     * retried). An engine that refuses although no container uses it counts an endpoint that no
     * longer exists, a fault of the Docker Engine that only a restart of the daemon clears; that
     * is reported as such, after a few short tries.
     */
    void delete(DeleteRequest request) {
        Target t = nodes.target(Containers.nodeOf(request.recorded()));
        String what = "remove " + request.id();
        for (int attempt = 1; ; attempt++) {
            try {
                t.run(what, () -> {
                    try {
                        t.client().removeNetworkCmd(request.providerId()).exec();
                    } catch (NotFoundException gone) {
                        // already removed
                    }
                });
                return;
            } catch (ProviderException e) {
                if (!String.valueOf(e.getMessage()).contains("has active endpoints")) {
                    throw e;
                }
                Optional<Network> n = inspect(t, request.providerId(), request.id());
                if (n.isEmpty()) {
                    return;
                }
                Map<String, Network.ContainerNetworkConfig> attached = n.get().getContainers();
                if (attached != null && !attached.isEmpty()) {
                    List<String> names = attached.values().stream().map(Network.ContainerNetworkConfig::getName).sorted().toList();
                    throw new ProviderException(ErrorKind.CONFLICT, "DOCKER_NETWORK_IN_USE", "could not " + what + " on "
                            + t.where() + ": containers " + names + " still use network " + n.get().getName(), null, e);
                }
                if (attempt >= STUCK_TRIES) {
                    throw new ProviderException(ErrorKind.FATAL, "DOCKER_NETWORK_STUCK", "could not " + what + " on "
                            + t.where() + ": the engine still counts an endpoint on network " + n.get().getName()
                            + " although no container uses it, a fault of the Docker Engine (moby/moby#42119); restart the "
                            + "Docker daemon there, which recounts, and run the command again", null, e);
                }
                sleep(STUCK_PAUSE_MILLIS);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ErrorKind.FATAL, "DOCKER_INTERRUPTED", "interrupted while removing a network", null, e);
        }
    }

    private static Optional<String> findByKey(Target t, String stack, String key) {
        List<Network> found = t.call("list the networks of stack " + stack, () -> t.client().listNetworksCmd()
                .withFilter("label", List.of(ProviderContext.LABEL_STACK + "=" + stack, ProviderContext.LABEL_IDEMPOTENCY_KEY + "=" + key))
                .exec());
        return found.stream().map(Network::getId).sorted().findFirst();
    }

    /** The network of exactly this name (Docker's name filter also matches parts of names). */
    private static Optional<Network> byName(Target t, String name) {
        List<Network> found = t.call("look up the network named " + name, () -> t.client().listNetworksCmd()
                .withNameFilter(name).exec());
        return found.stream().filter(n -> name.equals(n.getName())).findFirst();
    }

    private static Optional<Network> inspect(Target t, String id, ResourceId rid) {
        return t.call("inspect " + rid, () -> {
            try {
                return Optional.of(t.client().inspectNetworkCmd().withNetworkId(id).exec());
            } catch (NotFoundException gone) {
                return Optional.empty();
            }
        });
    }

    private static ResourceState stateOf(Target t, String id, ResourceId rid) {
        return inspect(t, id, rid).map(n -> state(t, n)).orElseThrow(() -> new ProviderException(ErrorKind.CONFLICT,
                "DOCKER_NETWORK_VANISHED", rid + " was removed on " + t.where() + " while kombify created it", null, null));
    }

    private static ResourceState state(Target t, Network n) {
        Map<String, String> labels = n.getLabels() == null ? Map.of() : n.getLabels();
        String node = labels.get(Labels.NODE);
        String name = n.getName();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", node != null && name.endsWith("-" + node) ? name.substring(0, name.length() - node.length() - 1) : name);
        if (node != null) {
            a.put("node", node);
        }
        a.put("driver", n.getDriver());
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("networkName", name);
        outputs.put("endpoint", t.endpoint());
        if (n.getIpam() != null && n.getIpam().getConfig() != null && !n.getIpam().getConfig().isEmpty()) {
            Network.Ipam.Config c = n.getIpam().getConfig().get(0);
            if (c.getSubnet() != null) {
                outputs.put("subnet", c.getSubnet());
            }
            if (c.getGateway() != null) {
                outputs.put("gateway", c.getGateway());
            }
        }
        return new ResourceState(n.getId(), a, outputs);
    }
}
