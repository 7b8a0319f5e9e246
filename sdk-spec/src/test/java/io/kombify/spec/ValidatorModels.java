package io.kombify.spec;

import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.Node;
import io.kombify.spec.model.NodeType;
import io.kombify.spec.model.Port;
import io.kombify.spec.model.Protocol;
import io.kombify.spec.model.Provider;
import io.kombify.spec.model.Service;
import io.kombify.spec.model.ServiceType;
import io.kombify.spec.model.SshConfig;

import java.util.List;
import java.util.Map;

/** Small models built in code for validator tests. */
final class ValidatorModels {
    private ValidatorModels() {
    }

    static Kombination spec(List<Node> nodes, List<Service> services) {
        return new Kombination("lab", null, null, nodes, services, null, null, null, null, null, null, null);
    }

    static Kombination withKit(Kombination k, String kit) {
        return new Kombination(k.name(), k.version(), kit, k.nodes(), k.services(), k.system(), k.security(),
                k.network(), k.identity(), k.observability(), k.intents(), k.metadata());
    }

    static Kombination withName(Kombination k, String name) {
        return new Kombination(name, k.version(), k.kit(), k.nodes(), k.services(), k.system(), k.security(),
                k.network(), k.identity(), k.observability(), k.intents(), k.metadata());
    }

    static Node node(String name, NodeType type, Provider provider) {
        return new Node(name, type, provider, null, null, null, null);
    }

    static Node node(String name, NodeType type, Provider provider, SshConfig ssh) {
        return new Node(name, type, provider, ssh, null, null, null);
    }

    static Node main(String name) {
        return node(name, NodeType.MAIN, Provider.LOCAL);
    }

    /** A service with an image, so that it draws no image warning. */
    static Service service(String name, String... needs) {
        return new Service(name, ServiceType.SERVICE, null, null, List.of(needs), Map.of("image", "busybox:1.36"),
                null, null, null, null, null, null, null);
    }

    static Service service(String name, ServiceType type, String node, Boolean enabled, List<String> needs, List<Port> ports) {
        return new Service(name, type, node, enabled, needs, Map.of("image", "busybox:1.36"), ports,
                null, null, null, null, null, null);
    }

    static Port port(Integer container, Integer host) {
        return new Port(container, host, null);
    }

    static Port udp(Integer container, Integer host) {
        return new Port(container, host, Protocol.UDP);
    }
}
