package io.kombify.sim.model;

import io.kombify.spec.model.ServiceType;

import java.util.List;
import java.util.Objects;

/**
 * Where a deployed service can be reached: its node and the ports other machines connect to.
 * Reachability analysis uses it to decide which port a node's firewall must admit.
 *
 * @param service      service name
 * @param node         node it runs on
 * @param type         its category ({@code reverse-proxy} marks the proxy)
 * @param hostTcpPorts tcp ports published on the node, in spec order
 * @param hostUdpPorts udp ports published on the node, in spec order
 * @param internalPort port on the stack's internal network when exposed there, else {@code null}
 * @param needs        deployed services it connects to ({@code needs}), in spec order
 */
public record Endpoint(String service, String node, ServiceType type, List<Integer> hostTcpPorts, List<Integer> hostUdpPorts,
                       Integer internalPort, List<String> needs) {

    public Endpoint {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(node, "node");
        hostTcpPorts = List.copyOf(hostTcpPorts);
        hostUdpPorts = List.copyOf(hostUdpPorts);
        needs = List.copyOf(needs);
    }

    /**
     * The tcp ports a machine other than the service's own node may connect to, in the order a
     * caller tries them: the internal port first when the service is exposed on the stack's
     * internal network (that network is how the stack's services and its proxy talk to each
     * other), then the ports published on the node; empty when the service is reachable only from
     * its own node.
     */
    public List<Integer> remotePorts() {
        List<Integer> ports = new java.util.ArrayList<>(hostTcpPorts.size() + 1);
        if (internalPort != null) {
            ports.add(internalPort);
        }
        for (Integer port : hostTcpPorts) {
            if (!ports.contains(port)) {
                ports.add(port);
            }
        }
        return List.copyOf(ports);
    }
}
