package io.kombify.sim.deploy;

import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small stack with a resource of every type, in the shape the resource graph of a spec has:
 * a VPS at hetzner and a NAS at home with one container behind a proxy route, as a simulated
 * provider standing in for hetzner, local, docker, headscale and dns gets it.
 */
final class SampleResources {

    static final ResourceId SSH_KEY = ResourceId.of(ResourceType.SSH_KEY, "lab");
    static final ResourceId NETWORK = ResourceId.of(ResourceType.NETWORK, "hetzner");
    static final ResourceId SUBNET = ResourceId.of(ResourceType.SUBNET, "hetzner");
    static final ResourceId VPS = ResourceId.of(ResourceType.MACHINE, "vps");
    static final ResourceId NAS = ResourceId.of(ResourceType.HOST, "nas");
    static final ResourceId FIREWALL = ResourceId.of(ResourceType.FIREWALL, "vps");
    static final ResourceId BRIDGE = ResourceId.of(ResourceType.CONTAINER_NETWORK, "nas");
    static final ResourceId VOLUME = ResourceId.of(ResourceType.VOLUME, "web-data");
    static final ResourceId WEB = ResourceId.of(ResourceType.CONTAINER, "web");
    static final ResourceId VPN = ResourceId.of(ResourceType.VPN_MEMBER, "vps");
    static final ResourceId ROUTE = ResourceId.of(ResourceType.PROXY_ROUTE, "web");
    static final ResourceId DNS = ResourceId.of(ResourceType.DNS_RECORD, "web.example.net");

    private SampleResources() {
    }

    static List<Resource> all() {
        return List.of(
                new Resource(SSH_KEY, "hetzner", Map.of("name", "kombify-lab", "publicKeyPath", "~/.ssh/lab_ed25519.pub"), Set.of()),
                new Resource(NETWORK, "hetzner", Map.of("name", "kombify-lab", "ipRange", "10.0.0.0/16"), Set.of()),
                new Resource(SUBNET, "hetzner", Map.of("network", NETWORK.toString(), "ipRange", "10.0.1.0/24"), Set.of(NETWORK)),
                new Resource(VPS, "hetzner", Map.of("name", "vps", "role", "main", "cpu", 2, "memory", "4Gi", "disk", "40Gi",
                        "labels", Map.of("site", "fsn1"), "serverType", "cx22", "location", "fsn1",
                        "sshKey", SSH_KEY.toString(), "subnet", SUBNET.toString()), Set.of(SSH_KEY, SUBNET)),
                new Resource(NAS, "local", Map.of("role", "worker", "host", "192.168.1.10", "port", 22, "user", "sam"), Set.of()),
                new Resource(FIREWALL, "hetzner", Map.of("node", "vps", "backend", "nftables", "defaultInbound", "deny",
                        "defaultOutbound", "allow",
                        "rules", List.of(Map.of("port", 443, "protocol", "tcp", "source", "any"),
                                Map.of("port", 22, "protocol", "tcp", "source", "vpn")),
                        "publishedPorts", List.of()), Set.of(VPS)),
                new Resource(BRIDGE, "docker", Map.of("name", "lab", "node", "nas", "driver", "bridge"), Set.of(NAS)),
                new Resource(VOLUME, "docker", Map.of("name", "web-data", "node", "nas", "service", "web", "backup", true),
                        Set.of(NAS)),
                new Resource(WEB, "docker", Map.of("name", "web", "image", "nginx:1.27", "node", "nas", "network", "lab",
                        "ports", List.of(Map.of("container", 80, "host", 8080, "protocol", "tcp")),
                        "environment", Map.of("TZ", "Europe/Berlin"),
                        "mounts", List.of(Map.of("type", "volume", "source", "web-data", "target", "/data", "readOnly", false)),
                        "restartPolicy", "always", "memoryLimit", "256Mi",
                        "secretEnvironment", Map.of("DB_PASSWORD", "secret://db-password")),
                        Set.of("secretEnvironment"), Set.of(NAS, BRIDGE, VOLUME)),
                new Resource(VPN, "headscale", Map.of("node", "vps", "hostname", "vps", "kind", "headscale"), Set.of(VPS)),
                new Resource(ROUTE, "docker", Map.of("domain", "web.example.net", "tls", "auto", "service", "web", "node", "nas",
                        "middlewares", List.of(), "port", 80), Set.of(WEB)),
                new Resource(DNS, "dns", Map.of("name", "web.example.net", "type", "A", "node", "vps", "target", VPS.toString()),
                        Set.of(VPS)));
    }
}
