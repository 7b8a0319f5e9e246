package io.kombify.plugin.opentofu;

import static io.kombify.plugin.opentofu.Templates.literal;
import static io.kombify.plugin.opentofu.Templates.ref;

import io.kombify.core.ByteSize;
import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.core.SecretRef;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Translates a stack's resource graph into OpenTofu JSON configuration for the
 * {@code hetznercloud/hcloud} and {@code kreuzwerker/docker} providers. Resource types and
 * argument names are the providers' own (see the links on each method); a resource with no
 * OpenTofu equivalent becomes a warning naming its address. Secret references become sensitive
 * variables whose values are not written into the files. The output depends only on the graph:
 * resources are named in address order, helpers (images, primary IPs, provider aliases,
 * variables) in the graph's own order, which the spec fixes; maps are sorted ({@link TreeMap}) or
 * filled in a fixed order ({@link LinkedHashMap}), and {@code PlainJson} writes them in that order,
 * so the same graph gives the same bytes.
 *
 * <p>One instance translates one graph; it is not thread-safe.
 */
final class Translator {

    static final String HCLOUD_SOURCE = "hetznercloud/hcloud";
    /** 1.58 added {@code location} to {@code hcloud_primary_ip} (datacenters were phased out in 2026). */
    static final String HCLOUD_VERSION = "~> 1.58";
    static final String DOCKER_SOURCE = "kreuzwerker/docker";
    /** 4.x: {@code cpus} and {@code memory_reservation} on containers, OpenTofu and Terraform 1.1.5+. */
    static final String DOCKER_VERSION = "~> 4.1";
    /** OpenTofu 1.6.0 is the first OpenTofu release. */
    static final String REQUIRED_VERSION = ">= 1.6.0";
    /** The provider name the graph gives Hetzner Cloud resources. */
    static final String HETZNER = "hetzner";
    /** The provider name the graph gives containers, their networks and volumes. */
    static final String DOCKER = "docker";
    static final String LOCAL_SOCKET = "unix:///var/run/docker.sock";
    static final String HCLOUD_TOKEN = "hcloud_token";
    /** The variable with the addresses the firewalls let reach port 22 of servers that run containers. */
    static final String SSH_SOURCES = "ssh_source_ips";
    /** A variable file tofu reads on its own ({@code *.auto.tfvars.json}) that exports never write. */
    static final String USER_VARS_FILE = "local.auto.tfvars.json";

    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final Pattern IPV4_CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /** Where the docker provider reaches a node's Docker engine. */
    private record Endpoint(String host, List<String> sshOpts) {
        String key() {
            return host + "\u0000" + sshOpts;
        }
    }

    private final ResourceGraph graph;
    private final String stack;
    private final Names names = new Names();
    private final Map<String, Map<String, Object>> resources = new TreeMap<>();
    private final Map<String, Object> variables = new TreeMap<>();
    private final Map<String, Object> tfvars = new TreeMap<>();
    private final List<Diagnostic> warnings = new ArrayList<>();
    private final Map<String, ResourceId> addresses = new TreeMap<>();
    private final Map<ResourceId, String> tfAddress = new HashMap<>();
    /** secret name -> variable name. */
    private final Map<String, String> secretVariables = new TreeMap<>();
    /** Hetzner machine node -> location. */
    private final Map<String, String> locations = new LinkedHashMap<>();
    /** Hetzner machine node -> its primary IP's address, when it gets one. */
    private final Map<String, String> primaryIps = new HashMap<>();
    /** node -> endpoint, for the nodes that run containers, networks or volumes. */
    private final Map<String, Endpoint> endpoints = new TreeMap<>();
    /** node -> the docker provider reference ({@code docker.<alias>}), empty when there is one endpoint. */
    private final Map<String, String> dockerProvider = new HashMap<>();
    /** (node, image) -> docker_image name. */
    private final Map<String, String> images = new HashMap<>();
    private final Set<String> twoStepTargets = new TreeSet<>();
    /** Hetzner machine nodes the docker provider reaches over SSH: they need Docker and an open port 22. */
    private final Set<String> dockerServers = new TreeSet<>();
    private boolean usesHcloud;

    private Translator(ResourceGraph graph) {
        this.graph = graph;
        this.stack = graph.stack();
    }

    /** The configuration of {@code graph}. */
    static TofuConfig translate(ResourceGraph graph) {
        return new Translator(graph).run();
    }

    private TofuConfig run() {
        names.allocate("variable", HCLOUD_TOKEN, true);
        names.allocate("variable", SSH_SOURCES, true);
        List<Resource> byAddress = new ArrayList<>(graph.resources());
        byAddress.sort(Comparator.comparing(Resource::id));
        for (Resource r : byAddress) {
            String type = tfType(r);
            if (type != null) {
                String address = type + "." + names.allocate(type, r.id().name());
                tfAddress.put(r.id(), address);
                addresses.put(address, r.id());
            }
        }
        chooseLocations();
        chooseEndpoints();
        for (Resource r : graph.resources()) {
            translate(r);
        }
        return new TofuConfig(main(), tfvars, warnings, nextSteps(), addresses, List.copyOf(twoStepTargets));
    }

    /** The OpenTofu resource type a resource becomes, or {@code null} when it has none. */
    private static String tfType(Resource r) {
        ResourceType t = r.type();
        if (HETZNER.equals(r.provider())) {
            if (t.equals(ResourceType.SSH_KEY)) {
                return "hcloud_ssh_key";
            } else if (t.equals(ResourceType.NETWORK)) {
                return "hcloud_network";
            } else if (t.equals(ResourceType.SUBNET)) {
                return "hcloud_network_subnet";
            } else if (t.equals(ResourceType.MACHINE)) {
                return "hcloud_server";
            } else if (t.equals(ResourceType.FIREWALL)) {
                return "hcloud_firewall";
            }
        } else if (DOCKER.equals(r.provider())) {
            if (t.equals(ResourceType.CONTAINER_NETWORK)) {
                return "docker_network";
            } else if (t.equals(ResourceType.VOLUME)) {
                return "docker_volume";
            } else if (t.equals(ResourceType.CONTAINER)) {
                return "docker_container";
            }
        }
        return null;
    }

    private void translate(Resource r) {
        String address = tfAddress.get(r.id());
        if (address == null) {
            notExported(r);
            return;
        }
        String type = address.substring(0, address.indexOf('.'));
        String name = address.substring(address.indexOf('.') + 1);
        Map<String, Object> body = switch (type) {
            case "hcloud_ssh_key" -> sshKey(r, name);
            case "hcloud_network" -> network(r);
            case "hcloud_network_subnet" -> subnet(r);
            case "hcloud_server" -> server(r);
            case "hcloud_firewall" -> firewall(r, address);
            case "docker_network" -> dockerNetwork(r);
            case "docker_volume" -> dockerVolume(r);
            case "docker_container" -> container(r, address);
            default -> throw new IllegalStateException(type);
        };
        put(type, name, body);
        if (type.startsWith("hcloud_")) {
            usesHcloud = true;
        }
    }

    private void put(String type, String name, Map<String, Object> body) {
        resources.computeIfAbsent(type, k -> new TreeMap<>()).put(name, body);
    }

    // --- Hetzner Cloud (hetznercloud/hcloud) ---

    /** Where each Hetzner machine goes: its label, else a location another node names, else the default. */
    private void chooseLocations() {
        List<Resource> machines = graph.resources().stream()
                .filter(r -> r.type().equals(ResourceType.MACHINE) && HETZNER.equals(r.provider())).toList();
        String fallback = machines.stream().map(m -> str(m, "location").toLowerCase(Locale.ROOT))
                .filter(HetznerCatalog.ZONES::containsKey).findFirst().orElse(HetznerCatalog.DEFAULT_LOCATION);
        for (Resource m : machines) {
            String node = m.id().name();
            String labelled = str(m, "location");
            String location = labelled.toLowerCase(Locale.ROOT);
            if (!HetznerCatalog.ZONES.containsKey(location)) {
                location = fallback;
                warn("OPENTOFU_DEFAULT_CHOSEN", pointer(tfAddress.get(m.id())), m.id() + ": "
                        + (labelled.isEmpty() ? "no location label" : "its location label '" + labelled
                        + "' is not a Hetzner Cloud location") + "; the server goes to " + location,
                        "label the node with location: one of " + String.join(", ", new TreeSet<>(HetznerCatalog.ZONES.keySet())));
            }
            locations.put(node, location);
            if ("true".equalsIgnoreCase(String.valueOf(labels(m).get("public-ip")))) {
                String ipName = names.allocate("hcloud_primary_ip", node);
                primaryIps.put(node, "hcloud_primary_ip." + ipName);
                addresses.put("hcloud_primary_ip." + ipName, helperId("hcloud_primary_ip", ipName));
            }
        }
    }

    /**
     * {@code hcloud_ssh_key}: name, public_key (read from the key file, whose path is a variable).
     *
     * @see <a href="https://registry.terraform.io/providers/hetznercloud/hcloud/latest/docs/resources/ssh_key">hcloud_ssh_key</a>
     */
    private Map<String, Object> sshKey(Resource r, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", literal(str(r, "name")));
        String path = str(r, "publicKeyPath");
        if (!path.isEmpty()) {
            String variable = names.allocate("variable", "ssh_public_key_path_" + name, true);
            variable(variable, "Path of the SSH public key Hetzner Cloud installs on the servers of stack " + stack
                    + " (" + r.id() + ")", false);
            tfvars.put(variable, path);
            body.put("public_key", ref("file(pathexpand(var." + variable + "))"));
        } else {
            String variable = names.allocate("variable", "ssh_public_key_" + name, true);
            variable(variable, "The SSH public key (its text) Hetzner Cloud installs on the servers of stack " + stack,
                    false);
            body.put("public_key", ref("var." + variable));
            warn("OPENTOFU_VARIABLE_UNSET", pointer(tfAddress.get(r.id())), r.id()
                    + ": the spec names no SSH key file, so its public key is the variable " + variable,
                    "set TF_VAR_" + variable + " to the public key, or set ssh.key_path on the nodes");
        }
        body.put("labels", hcloudLabels(r, Map.of()));
        return body;
    }

    /** @see <a href="https://registry.terraform.io/providers/hetznercloud/hcloud/latest/docs/resources/network">hcloud_network</a> */
    private Map<String, Object> network(Resource r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", literal(str(r, "name")));
        body.put("ip_range", literal(str(r, "ipRange")));
        body.put("labels", hcloudLabels(r, Map.of()));
        return body;
    }

    /**
     * {@code hcloud_network_subnet}: network_id, type ({@code cloud}: servers), network_zone (the
     * zone of the stack's server locations) and ip_range. Hetzner chooses a subnet's gateway itself:
     * the first address of the network.
     *
     * @see <a href="https://registry.terraform.io/providers/hetznercloud/hcloud/latest/docs/resources/network_subnet">hcloud_network_subnet</a>
     */
    private Map<String, Object> subnet(Resource r) {
        Map<String, Object> body = new LinkedHashMap<>();
        String networkId = str(r, "network");
        String network = refTo(networkId, "id");
        body.put("network_id", network != null ? network : literal(networkId));
        body.put("type", "cloud");
        Set<String> zones = new TreeSet<>();
        locations.values().forEach(l -> zones.add(HetznerCatalog.ZONES.get(l)));
        String zone = locations.isEmpty() ? HetznerCatalog.ZONES.get(HetznerCatalog.DEFAULT_LOCATION)
                : HetznerCatalog.ZONES.get(locations.values().iterator().next());
        if (zones.size() > 1) {
            warn("OPENTOFU_ZONES_MIXED", pointer(tfAddress.get(r.id())), r.id() + ": the servers are in network zones "
                    + String.join(", ", zones) + ", but a subnet is in one zone (" + zone
                    + "); servers of the other zones cannot join it", "place the stack's Hetzner nodes in one network zone");
        }
        body.put("network_zone", zone);
        body.put("ip_range", literal(str(r, "ipRange")));
        String gateway = str(r, "gateway");
        if (!gateway.isEmpty()) {
            String networkRange = graph.resource(parseId(networkId)).map(n -> str(n, "ipRange")).orElse("");
            String first = firstAddress(networkRange);
            if (!gateway.equals(first)) {
                warn("OPENTOFU_GATEWAY_IGNORED", pointer(tfAddress.get(r.id())), r.id() + ": the gateway " + gateway
                        + " is not exported: Hetzner Cloud gives a network's subnets its first address"
                        + (first == null ? "" : " (" + first + ")") + " as gateway",
                        "route through " + gateway + " on the servers themselves, or drop network.internal.gateway");
            }
        }
        return body;
    }

    /**
     * {@code hcloud_server}: name, server_type (a variable, so it can be changed without
     * re-exporting), image, location, labels, ssh_keys, firewall_ids (attached at creation, so the
     * server is never reachable without its firewall), network (the block takes the network's
     * {@code network_id}; {@code alias_ips = []} avoids a known re-attach on every apply, and
     * {@code depends_on} the subnet, as the provider's documentation asks, since a server can join a
     * network only once it has a subnet), and public_net with the primary IP when the node is
     * labelled {@code public-ip: "true"}. A server that runs containers also gets Docker
     * ({@link #docker}).
     *
     * @see <a href="https://registry.terraform.io/providers/hetznercloud/hcloud/latest/docs/resources/server">hcloud_server</a>
     */
    private Map<String, Object> server(Resource r) {
        String node = r.id().name();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", literal(str(r, "name")));
        body.put("server_type", ref("var." + serverTypeVariable(r)));
        String image = str(r, "image");
        body.put("image", literal(image.isEmpty() ? HetznerCatalog.DEFAULT_IMAGE : image));
        String location = locations.get(node);
        body.put("location", location);
        body.put("labels", hcloudLabels(r, labels(r)));
        String key = refTo(str(r, "sshKey"), "id");
        if (key != null) {
            body.put("ssh_keys", List.of(key));
        }
        String firewall = refTo(ResourceId.of(ResourceType.FIREWALL, node).toString(), "id");
        if (firewall != null) {
            body.put("firewall_ids", List.of(firewall));
        }
        if (dockerServers.contains(node)) {
            docker(r, body, image.isEmpty() ? HetznerCatalog.DEFAULT_IMAGE : image);
        }
        List<String> dependsOn = new ArrayList<>();
        String subnetAddress = tfAddress.get(parseId(str(r, "subnet")));
        if (subnetAddress != null) {
            Resource subnet = graph.resource(parseId(str(r, "subnet"))).orElseThrow();
            String network = refTo(str(subnet, "network"), "id");
            if (network != null) {
                Map<String, Object> attachment = new LinkedHashMap<>();
                attachment.put("network_id", network);
                attachment.put("alias_ips", List.of());
                body.put("network", List.of(attachment));
                dependsOn.add(subnetAddress);
            }
        }
        String primaryIp = primaryIps.get(node);
        if (primaryIp != null) {
            String ipName = primaryIp.substring(primaryIp.indexOf('.') + 1);
            put("hcloud_primary_ip", ipName, primaryIp(r, location));
            Map<String, Object> publicNet = new LinkedHashMap<>();
            publicNet.put("ipv4_enabled", true);
            publicNet.put("ipv4", ref(primaryIp + ".id"));
            publicNet.put("ipv6_enabled", true);
            body.put("public_net", List.of(publicNet));
        }
        if (dockerServers.contains(node)) {
            body.put("provisioner", List.of(Map.of("remote-exec", dockerReady(r))));
        }
        if (!dependsOn.isEmpty()) {
            body.put("depends_on", dependsOn);
        }
        return body;
    }

    /**
     * Docker on a new server that runs containers, installed by cloud-init ({@code user_data}) from
     * the distribution's {@code docker.io} package on Debian and Ubuntu images (Hetzner's
     * {@code docker-ce} app image has Docker already). A login user other than {@code root} (Hetzner
     * installs the SSH key for {@code root} only) is created with the key and joins the
     * {@code docker} group, so the docker provider can reach the engine as that user. The docker
     * provider cannot connect before cloud-init has finished, so {@link #dockerReady} waits for it.
     *
     * @see <a href="https://cloudinit.readthedocs.io/en/latest/reference/examples.html">cloud-init examples</a>
     */
    private void docker(Resource r, Map<String, Object> body, String image) {
        String lowered = image.toLowerCase(Locale.ROOT);
        boolean preinstalled = lowered.equals("docker-ce");
        boolean apt = lowered.startsWith("ubuntu") || lowered.startsWith("debian");
        if (!preinstalled && !apt) {
            warn("OPENTOFU_DOCKER_NOT_INSTALLED", pointer(tfAddress.get(r.id())), r.id() + ": the image " + image
                    + " is neither Debian nor Ubuntu, so the export does not install Docker on it, which its containers need",
                    "label the node with image: ubuntu-24.04, or docker-ce (Hetzner's image with Docker CE), or use an "
                            + "image that has Docker");
        }
        String user = sshUser(r);
        String key = refTo(str(r, "sshKey"), "public_key");
        StringBuilder cloudConfig = new StringBuilder("#cloud-config\n");
        if (apt) {
            cloudConfig.append("package_update: true\npackages:\n  - docker.io\n");
        }
        boolean ownUser = !user.equals("root") && key != null;
        if (ownUser) {
            cloudConfig.append("users:\n  - default\n  - name: ").append(literal(yamlQuoted(user))).append('\n')
                    .append("    shell: /bin/bash\n    sudo: \"ALL=(ALL) NOPASSWD:ALL\"\n    ssh_authorized_keys:\n      - ")
                    .append(ref("jsonencode(" + key.substring(2, key.length() - 1) + ")")).append('\n');
        }
        if (apt || ownUser) {
            cloudConfig.append("runcmd:\n");
            if (apt) {
                cloudConfig.append("  - systemctl enable --now docker\n");
            }
            if (ownUser) {
                cloudConfig.append("  - usermod -aG docker ").append(literal(yamlQuoted(user))).append('\n');
            }
        }
        body.put("user_data", cloudConfig.toString());
    }

    /**
     * A {@code remote-exec} provisioner that waits for cloud-init and checks that Docker answers,
     * so that creating the server ends when the docker provider can use it. It logs in as
     * {@code root} (whose key Hetzner installs) with the key of the stack's SSH key, or through the
     * SSH agent when the spec names no key file.
     *
     * @see <a href="https://opentofu.org/docs/language/resources/provisioners/remote-exec/">remote-exec</a>
     * @see <a href="https://opentofu.org/docs/language/resources/provisioners/connection/">provisioner connection</a>
     */
    private Map<String, Object> dockerReady(Resource r) {
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("type", "ssh");
        connection.put("host", ref("self.ipv4_address"));
        connection.put("user", "root");
        String privateKey = privateKeyPath(r);
        if (!privateKey.isEmpty()) {
            connection.put("private_key", ref("file(" + Templates.path(privateKey) + ")"));
        }
        Map<String, Object> provisioner = new LinkedHashMap<>();
        provisioner.put("connection", connection);
        provisioner.put("inline", List.of("cloud-init status --wait > /dev/null || true", "docker info > /dev/null"));
        return provisioner;
    }

    /** The private key beside the stack's public key file ({@code KEY.pub}), or {@code ""}. */
    private String privateKeyPath(Resource machine) {
        String publicKey = graph.resource(parseId(str(machine, "sshKey"))).map(k -> str(k, "publicKeyPath")).orElse("");
        return publicKey.endsWith(".pub") ? publicKey.substring(0, publicKey.length() - ".pub".length()) : "";
    }

    private static String sshUser(Resource machine) {
        String user = str(machine, "sshUser");
        return user.isEmpty() ? "root" : user;
    }

    /** {@code text} as a double-quoted YAML scalar. */
    private static String yamlQuoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * {@code hcloud_primary_ip}: a public IPv4 address that outlives its server, for nodes that
     * must keep their address. {@code auto_delete = false}, as the provider recommends, so deleting
     * the server does not take the address (and the state) with it.
     *
     * @see <a href="https://registry.terraform.io/providers/hetznercloud/hcloud/latest/docs/resources/primary_ip">hcloud_primary_ip</a>
     */
    private Map<String, Object> primaryIp(Resource machine, String location) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", literal(str(machine, "name") + "-ipv4"));
        body.put("type", "ipv4");
        body.put("location", location);
        body.put("assignee_type", "server");
        body.put("auto_delete", false);
        body.put("labels", hcloudLabels(machine, Map.of()));
        return body;
    }

    /** The variable holding a server's type, with its value: the node's label, else the smallest type that fits. */
    private String serverTypeVariable(Resource r) {
        String node = r.id().name();
        String variable = names.allocate("variable", "server_type_" + node, true);
        String labelled = str(r, "serverType");
        String why;
        if (!labelled.isEmpty()) {
            tfvars.put(variable, labelled);
            why = "named by the node's server-type label";
        } else {
            double cores = r.attributes().get("cpu") instanceof Number n ? n.doubleValue() : 1;
            long memory = size(str(r, "memory"));
            long disk = size(str(r, "disk"));
            String arch = str(r, "arch");
            Optional<HetznerCatalog.ServerType> fit = HetznerCatalog.smallestFitting(cores, memory, disk, arch);
            String wanted = fmt(cores) + " vCPU, " + str(r, "memory") + " memory, " + str(r, "disk") + " disk"
                    + (arch.isEmpty() ? "" : ", " + arch);
            if (fit.isPresent()) {
                tfvars.put(variable, fit.get().name());
                why = "the smallest type with " + wanted;
                warn("OPENTOFU_DEFAULT_CHOSEN", pointer(tfAddress.get(r.id())), r.id() + ": no server-type label; "
                        + "the server type is " + fit.get().name() + ", " + why,
                        "label the node with server-type: NAME, or change " + variable + " in terraform.tfvars.json");
            } else {
                why = "no Hetzner Cloud type has " + wanted;
                warn("OPENTOFU_VARIABLE_UNSET", pointer(tfAddress.get(r.id())), r.id() + ": " + why
                        + ", so the variable " + variable + " has no value",
                        "label the node with server-type: NAME, or set " + variable + " in terraform.tfvars.json");
            }
        }
        variable(variable, "Hetzner Cloud server type of node " + node + " (" + why + ")", false);
        return variable;
    }

    /**
     * {@code hcloud_firewall}: inbound rules (direction, protocol, port, source_ips, description).
     * Hetzner Cloud firewalls filter the public interface only, so rules for sources {@code lan} and
     * {@code vpn} (traffic over the private network or the VPN tunnel) are left to the host's own
     * firewall and reported. Inbound traffic no rule allows is dropped, as {@code defaultInbound: deny}
     * wants; {@code allow} becomes rules for every port. The docker provider and the provisioner reach
     * a server that runs containers over SSH from wherever tofu runs, so unless a rule already opens
     * port 22 to everyone, its firewall opens 22/tcp to the addresses of the variable
     * {@value #SSH_SOURCES}, which the user sets.
     *
     * @see <a href="https://registry.terraform.io/providers/hetznercloud/hcloud/latest/docs/resources/firewall">hcloud_firewall</a>
     */
    private Map<String, Object> firewall(Resource r, String address) {
        Map<String, Object> body = new LinkedHashMap<>();
        String node = str(r, "node");
        body.put("name", literal(stack + "-" + node));
        body.put("labels", hcloudLabels(r, Map.of()));
        List<Object> rules = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<String> leftOut = new ArrayList<>();
        if ("allow".equals(str(r, "defaultInbound"))) {
            for (String protocol : List.of("tcp", "udp")) {
                addRule(rules, seen, protocol, "any", List.of("0.0.0.0/0", "::/0"), "defaultInbound: allow");
            }
            addRule(rules, seen, "icmp", null, List.of("0.0.0.0/0", "::/0"), "defaultInbound: allow");
        }
        for (Object o : list(r.attributes().get("rules"))) {
            if (!(o instanceof Map<?, ?> rule)) {
                continue;
            }
            String port = String.valueOf(rule.get("port"));
            String protocol = String.valueOf(rule.get("protocol"));
            String source = rule.get("source") == null ? "any" : String.valueOf(rule.get("source"));
            String comment = rule.get("comment") == null ? null : String.valueOf(rule.get("comment"));
            List<String> sourceIps;
            if (source.equals("any")) {
                sourceIps = List.of("0.0.0.0/0", "::/0");
            } else if (source.contains("/") || source.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                sourceIps = List.of(source);
            } else {
                leftOut.add(port + "/" + protocol + " from " + source);
                continue;
            }
            for (String p : protocol.equals("both") ? List.of("tcp", "udp") : List.of(protocol)) {
                addRule(rules, seen, p, port, sourceIps, comment);
            }
        }
        if (dockerServers.contains(node) && !openToAll(rules, 22)) {
            declareSshSources();
            Map<String, Object> ssh = new LinkedHashMap<>();
            ssh.put("direction", "in");
            ssh.put("protocol", "tcp");
            ssh.put("port", "22");
            ssh.put("source_ips", ref("var." + SSH_SOURCES));
            ssh.put("description", "SSH for OpenTofu (docker provider, provisioner)");
            rules.add(ssh);
            warn("OPENTOFU_VARIABLE_UNSET", pointer(address), r.id() + ": OpenTofu reaches the Docker engine of "
                    + tfAddress.get(ResourceId.of(ResourceType.MACHINE, node)) + " over SSH, so the firewall opens 22/tcp to "
                    + "the addresses in the variable " + SSH_SOURCES + ", which has no value",
                    "set " + SSH_SOURCES + " to the addresses tofu runs from, such as [\"203.0.113.7/32\"] (or "
                            + "[\"0.0.0.0/0\", \"::/0\"] for anywhere), in a file of your own such as "
                            + USER_VARS_FILE + " (exports rewrite terraform.tfvars.json) or as TF_VAR_" + SSH_SOURCES);
        }
        if (!leftOut.isEmpty()) {
            warn("OPENTOFU_RULE_NOT_EXPORTED", pointer(address), r.id() + ": the rules " + String.join(", ", leftOut)
                    + " are not in the Hetzner Cloud firewall, which filters only the public interface",
                    "traffic from lan or vpn reaches the server over the private network or the tunnel; filter it with "
                            + "the host's own firewall (" + str(r, "backend") + ")");
        }
        if ("deny".equals(str(r, "defaultOutbound"))) {
            warn("OPENTOFU_RULE_NOT_EXPORTED", pointer(address), r.id() + ": defaultOutbound: deny is not exported: "
                    + "a Hetzner Cloud firewall without outbound rules allows all outbound traffic",
                    "add outbound rules to the firewall, or leave outbound filtering to the host's firewall");
        }
        if (!rules.isEmpty()) {
            body.put("rule", rules);
        }
        return body;
    }

    /** Whether an inbound TCP rule already lets everyone reach {@code port}. */
    private static boolean openToAll(List<Object> rules, int port) {
        for (Object o : rules) {
            if (o instanceof Map<?, ?> rule && "tcp".equals(rule.get("protocol"))
                    && rule.get("source_ips") instanceof List<?> sources && sources.contains("0.0.0.0/0")
                    && covers(String.valueOf(rule.get("port")), port)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a Hetzner rule's port ({@code any}, {@code 22} or a range {@code 20-25}) includes {@code port}. */
    static boolean covers(String rulePort, int port) {
        if (rulePort.equals("any")) {
            return true;
        }
        int dash = rulePort.indexOf('-');
        try {
            int from = Integer.parseInt(dash < 0 ? rulePort.strip() : rulePort.substring(0, dash).strip());
            int to = dash < 0 ? from : Integer.parseInt(rulePort.substring(dash + 1).strip());
            return from <= port && port <= to;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void declareSshSources() {
        if (!variables.containsKey(SSH_SOURCES)) {
            variable(SSH_SOURCES, "The addresses (CIDR ranges) tofu connects from over SSH to the Hetzner servers of "
                    + "stack " + stack + " that run containers, such as [\"203.0.113.7/32\"]", "list(string)", false);
        }
    }

    private static void addRule(List<Object> rules, Set<String> seen, String protocol, String port, List<String> sourceIps,
                                String description) {
        if (!seen.add(protocol + " " + port + " " + sourceIps)) {
            return;
        }
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("direction", "in");
        rule.put("protocol", protocol);
        if (port != null) {
            rule.put("port", port);
        }
        rule.put("source_ips", sourceIps);
        if (description != null && !description.isBlank()) {
            rule.put("description", literal(description));
        }
        rules.add(rule);
    }

    /**
     * Labels for a Hetzner Cloud resource: the node's own labels that Hetzner's label syntax accepts,
     * and the stack and resource address kombify marks its resources with.
     *
     * @see <a href="https://docs.hetzner.cloud/#labels">Hetzner Cloud labels</a>
     */
    private Map<String, Object> hcloudLabels(Resource r, Map<String, Object> own) {
        Map<String, Object> labels = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        own.forEach((k, v) -> {
            String value = String.valueOf(v);
            if (validLabelKey(k) && validLabelValue(value)) {
                labels.put(k, literal(value));
            } else {
                skipped.add(k + "=" + value);
            }
        });
        if (!skipped.isEmpty()) {
            warn("OPENTOFU_LABEL_SKIPPED", pointer(tfAddress.get(r.id())), r.id() + ": the labels " + String.join(", ", skipped)
                    + " do not fit Hetzner Cloud's label syntax and are left out",
                    "keys and values of up to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
        }
        if (validLabelValue(stack)) {
            labels.put("kombify.io/stack", literal(stack));
        }
        if (validLabelValue(r.id().toString())) {
            labels.put("kombify.io/resource", literal(r.id().toString()));
        }
        return labels;
    }

    static boolean validLabelKey(String key) {
        int slash = key.lastIndexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return false;
            }
        }
        return LABEL_NAME.matcher(key.substring(slash + 1)).matches();
    }

    static boolean validLabelValue(String value) {
        return value.isEmpty() || LABEL_NAME.matcher(value).matches();
    }

    // --- Docker (kreuzwerker/docker) ---

    /**
     * The Docker endpoint of every node that runs containers: {@code ssh://user@host:port} for a
     * local node reached over SSH (the provider runs the system's {@code ssh}, which takes
     * {@code -i KEY} from {@code ssh_opts}), the local socket for a node on this machine, and for a
     * new Hetzner server its address, which is known only once the server exists. Nodes with one
     * endpoint share a provider configuration; with several endpoints each gets an alias.
     *
     * @see <a href="https://registry.terraform.io/providers/kreuzwerker/docker/latest/docs#remote-hosts">docker provider, remote hosts</a>
     */
    private void chooseEndpoints() {
        Set<String> nodes = new TreeSet<>();
        for (Resource r : graph.resources()) {
            if (tfAddress.containsKey(r.id()) && DOCKER.equals(r.provider()) && !str(r, "node").isEmpty()) {
                nodes.add(str(r, "node"));
            }
        }
        for (String node : nodes) {
            endpoints.put(node, endpoint(node));
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        endpoints.forEach((node, e) -> groups.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(node));
        if (groups.size() > 1) {
            for (List<String> group : groups.values()) {
                String alias = names.allocate("provider.docker", group.get(0));
                group.forEach(n -> dockerProvider.put(n, "docker." + alias));
            }
        }
    }

    private Endpoint endpoint(String node) {
        Optional<Resource> host = graph.resource(ResourceId.of(ResourceType.HOST, node));
        if (host.isPresent()) {
            String address = str(host.get(), "host");
            if (address.isEmpty() || Set.of("localhost", "127.0.0.1", "::1").contains(address)) {
                return new Endpoint(LOCAL_SOCKET, List.of());
            }
            long port = host.get().attributes().get("port") instanceof Number n ? n.longValue() : 22;
            String user = str(host.get(), "user");
            List<String> opts = new ArrayList<>();
            String key = str(host.get(), "keyPath");
            if (!key.isEmpty()) {
                opts.add("-i");
                opts.add(keyArgument(key));
            }
            String hostPart = address.contains(":") ? "[" + address + "]" : address;
            return new Endpoint(literal("ssh://" + (user.isEmpty() ? "" : user + "@") + hostPart + ":" + port),
                    List.copyOf(opts));
        }
        Optional<Resource> machine = graph.resource(ResourceId.of(ResourceType.MACHINE, node));
        if (machine.isPresent() && DOCKER.equals(machine.get().provider())) {
            return new Endpoint(LOCAL_SOCKET, List.of());
        }
        if (machine.isPresent() && tfAddress.containsKey(machine.get().id())) {
            String server = tfAddress.get(machine.get().id());
            String primaryIp = primaryIps.get(node);
            String ip = primaryIp != null ? primaryIp + ".ip_address" : server + ".ipv4_address";
            List<String> opts = new ArrayList<>(List.of("-o", "StrictHostKeyChecking=accept-new"));
            String privateKey = privateKeyPath(machine.get());
            if (!privateKey.isEmpty()) {
                opts.add("-i");
                opts.add(keyArgument(privateKey));
            }
            twoStepTargets.add(server);
            dockerServers.add(node);
            return new Endpoint("ssh://" + literal(sshUser(machine.get())) + "@${" + ip + "}:22", List.copyOf(opts));
        }
        String variable = names.allocate("variable", "docker_host_" + node, true);
        variable(variable, "Docker endpoint of node " + node + ", such as ssh://user@host:22", false);
        warn("OPENTOFU_VARIABLE_UNSET", "", "node " + node + ": its machine"
                + machine.map(m -> " (" + m.id() + ", provider " + m.provider() + ")").orElse("")
                + " is not exported, so the Docker endpoint of its containers is the variable " + variable,
                "set TF_VAR_" + variable + " (such as ssh://root@203.0.113.10:22) or give it a value in " + USER_VARS_FILE);
        return new Endpoint(ref("var." + variable), List.of());
    }

    private static String keyArgument(String path) {
        return path.startsWith("~") ? ref(Templates.path(path)) : literal(path);
    }

    private void dockerProvider(Map<String, Object> body, String node) {
        String provider = dockerProvider.get(node);
        if (provider != null) {
            body.put("provider", provider);
        }
    }

    /** @see <a href="https://registry.terraform.io/providers/kreuzwerker/docker/latest/docs/resources/network">docker_network</a> */
    private Map<String, Object> dockerNetwork(Resource r) {
        Map<String, Object> body = new LinkedHashMap<>();
        dockerProvider(body, str(r, "node"));
        body.put("name", literal(str(r, "name")));
        String driver = str(r, "driver");
        if (!driver.isEmpty()) {
            body.put("driver", literal(driver));
        }
        body.put("labels", dockerLabels(Map.of()));
        return body;
    }

    /** @see <a href="https://registry.terraform.io/providers/kreuzwerker/docker/latest/docs/resources/volume">docker_volume</a> */
    private Map<String, Object> dockerVolume(Resource r) {
        Map<String, Object> body = new LinkedHashMap<>();
        dockerProvider(body, str(r, "node"));
        body.put("name", literal(str(r, "name")));
        body.put("labels", dockerLabels(Map.of("kombify.io/service", str(r, "service"))));
        return body;
    }

    /**
     * {@code docker_container}, with its image pulled by a {@code docker_image} ({@code keep_locally},
     * so destroying one container never removes an image another uses), as the provider's
     * documentation recommends.
     *
     * <ul>
     *   <li>{@code env}: {@code KEY=VALUE}; a secret becomes {@code KEY=${var.secret_NAME}};</li>
     *   <li>{@code ports}: only published ports (with a host port): a port without {@code external}
     *       would be published on a random host port;</li>
     *   <li>{@code volumes}: {@code volume_name} or {@code host_path}, {@code container_path},
     *       {@code read_only}; tmpfs mounts become {@code mounts} of type {@code tmpfs};</li>
     *   <li>{@code memory} and {@code memory_reservation} in MiB (the provider's "MBs" are Docker's
     *       binary megabytes), rounded up; {@code cpus} the limit as a decimal string;
     *       {@code cpu_shares} the request times 1024, Docker's weight of one CPU, as the kubelet
     *       maps CPU requests;</li>
     *   <li>hardening: {@code security_opts = ["no-new-privileges:true"]}, {@code read_only},
     *       {@code capabilities.drop};</li>
     *   <li>{@code depends_on} the containers it needs, which no reference expresses.</li>
     * </ul>
     *
     * @see <a href="https://registry.terraform.io/providers/kreuzwerker/docker/latest/docs/resources/container">docker_container</a>
     * @see <a href="https://registry.terraform.io/providers/kreuzwerker/docker/latest/docs/resources/image">docker_image</a>
     * @see <a href="https://docs.docker.com/engine/containers/resource_constraints/#cpu">Docker CPU shares</a>
     */
    private Map<String, Object> container(Resource r, String address) {
        Map<String, Object> a = r.attributes();
        String node = str(r, "node");
        Map<String, Object> body = new LinkedHashMap<>();
        dockerProvider(body, node);
        body.put("name", literal(str(r, "name")));
        body.put("image", ref(image(node, str(r, "image"), r.id().name()) + ".image_id"));
        String restart = str(r, "restartPolicy");
        if (!restart.isEmpty()) {
            body.put("restart", literal(restart));
        }
        List<String> env = new ArrayList<>();
        new TreeMap<>(map(a.get("environment"))).forEach((k, v) -> env.add(literal(k + "=" + v)));
        List<String> unsafe = new ArrayList<>();
        new TreeMap<>(map(a.get("secretEnvironment"))).forEach((k, v) -> {
            String text = String.valueOf(v);
            if (SecretRef.isReference(text)) {
                env.add(literal(k + "=") + ref("var." + secretVariable(SecretRef.parse(text).name())));
            } else {
                unsafe.add(k);
            }
        });
        if (!unsafe.isEmpty()) {
            warn("OPENTOFU_SECRET_NOT_EXPORTED", pointer(address), r.id() + ": the secret environment variables "
                    + String.join(", ", unsafe) + " hold no secret:// reference and are left out (their values are never written)",
                    "write them as secret://NAME references in environmentSecrets");
        }
        env.sort(null);
        if (!env.isEmpty()) {
            body.put("env", env);
        }
        List<Object> ports = new ArrayList<>();
        for (Object o : list(a.get("ports"))) {
            if (o instanceof Map<?, ?> p && p.get("host") != null) {
                Map<String, Object> port = new LinkedHashMap<>();
                port.put("internal", p.get("container"));
                port.put("external", p.get("host"));
                port.put("protocol", String.valueOf(p.get("protocol") == null ? "tcp" : p.get("protocol")));
                ports.add(port);
            }
        }
        if (!ports.isEmpty()) {
            body.put("ports", ports);
        }
        List<Object> volumes = new ArrayList<>();
        List<Object> mounts = new ArrayList<>();
        for (Object o : list(a.get("mounts"))) {
            if (!(o instanceof Map<?, ?> m)) {
                continue;
            }
            String type = String.valueOf(m.get("type"));
            String target = String.valueOf(m.get("target"));
            boolean readOnly = Boolean.TRUE.equals(m.get("readOnly"));
            String source = m.get("source") == null ? "" : String.valueOf(m.get("source"));
            if (type.equals("tmpfs")) {
                Map<String, Object> mount = new LinkedHashMap<>();
                mount.put("type", "tmpfs");
                mount.put("target", literal(target));
                mount.put("read_only", readOnly);
                mounts.add(mount);
                continue;
            }
            Map<String, Object> volume = new LinkedHashMap<>();
            if (type.equals("bind")) {
                volume.put("host_path", literal(source));
            } else {
                String ref = refTo(ResourceId.of(ResourceType.VOLUME, source).toString(), "name");
                volume.put("volume_name", ref != null ? ref : literal(source));
            }
            volume.put("container_path", literal(target));
            volume.put("read_only", readOnly);
            volumes.add(volume);
        }
        if (!volumes.isEmpty()) {
            body.put("volumes", volumes);
        }
        if (!mounts.isEmpty()) {
            body.put("mounts", mounts);
        }
        String network = refTo(ResourceId.of(ResourceType.CONTAINER_NETWORK, node).toString(), "name");
        if (network != null) {
            body.put("networks_advanced", List.of(Map.of("name", network)));
        }
        body.put("labels", dockerLabels(map(a.get("labels"))));
        String memory = str(r, "memoryLimit");
        if (!memory.isEmpty()) {
            body.put("memory", mebibytesUp(memory));
        }
        String reservation = str(r, "memoryRequest");
        if (!reservation.isEmpty()) {
            body.put("memory_reservation", mebibytesUp(reservation));
        }
        if (a.get("cpuLimit") instanceof Number cpus) {
            body.put("cpus", fmt(cpus.doubleValue()));
        }
        if (a.get("cpuRequest") instanceof Number cores) {
            body.put("cpu_shares", Math.max(2L, Math.round(cores.doubleValue() * 1024)));
        }
        Object command = a.get("command");
        if (command instanceof String s && !s.isBlank()) {
            try {
                body.put("command", ShellWords.split(s).stream().map(Templates::literal).toList());
            } catch (IllegalArgumentException e) {
                warn("OPENTOFU_COMMAND_NOT_EXPORTED", pointer(address), r.id() + ": " + e.getMessage()
                        + "; the container keeps its image's command", "close the quote in the service's config.command");
            }
        } else if (command instanceof List<?> l && !l.isEmpty()) {
            body.put("command", l.stream().map(String::valueOf).map(Templates::literal).toList());
        }
        Map<String, Object> security = map(a.get("security"));
        if (Boolean.TRUE.equals(security.get("readOnlyRootfs"))) {
            body.put("read_only", true);
        }
        if (Boolean.TRUE.equals(security.get("noNewPrivileges"))) {
            body.put("security_opts", List.of("no-new-privileges:true"));
        }
        List<String> drop = list(security.get("dropCapabilities")).stream().map(String::valueOf).sorted().toList();
        if (!drop.isEmpty()) {
            body.put("capabilities", Map.of("drop", drop.stream().map(Templates::literal).toList()));
        }
        List<String> dependsOn = new ArrayList<>();
        for (ResourceId dep : r.dependsOn()) {
            if (dep.type().equals(ResourceType.CONTAINER) && tfAddress.containsKey(dep)) {
                dependsOn.add(tfAddress.get(dep));
            }
        }
        if (!dependsOn.isEmpty()) {
            dependsOn.sort(null);
            body.put("depends_on", dependsOn);
        }
        return body;
    }

    /** The {@code docker_image} that pulls {@code image} on {@code node}, one per node and image. */
    private String image(String node, String image, String firstUser) {
        String key = node + "\u0000" + image;
        String name = images.get(key);
        if (name == null) {
            name = names.allocate("docker_image", firstUser);
            images.put(key, name);
            Map<String, Object> body = new LinkedHashMap<>();
            dockerProvider(body, node);
            body.put("name", literal(image));
            body.put("keep_locally", true);
            put("docker_image", name, body);
            addresses.put("docker_image." + name, helperId("docker_image", name));
        }
        return "docker_image." + name;
    }

    /** {@code labels} blocks: the stack's label and the given ones, sorted by label. */
    private List<Object> dockerLabels(Map<String, Object> own) {
        Map<String, String> labels = new TreeMap<>();
        own.forEach((k, v) -> labels.put(k, String.valueOf(v)));
        labels.put("kombify.io/stack", stack);
        List<Object> blocks = new ArrayList<>();
        labels.forEach((k, v) -> {
            Map<String, Object> block = new LinkedHashMap<>();
            block.put("label", literal(k));
            block.put("value", literal(v));
            blocks.add(block);
        });
        return blocks;
    }

    private String secretVariable(String secret) {
        return secretVariables.computeIfAbsent(secret, s -> {
            String variable = names.allocate("variable", "secret_" + s, true);
            variable(variable, "The value of secret://" + s + ". Set it as TF_VAR_" + variable
                    + "; kombify does not write it into the exported files.", true);
            return variable;
        });
    }

    // --- what has no OpenTofu resource ---

    private void notExported(Resource r) {
        ResourceType t = r.type();
        String id = r.id().toString();
        String message;
        String hint;
        if (t.equals(ResourceType.HOST)) {
            Endpoint e = endpoints.get(r.id().name());
            message = id + ": an existing machine that kombify adopts has no OpenTofu resource"
                    + (e == null ? "" : "; OpenTofu reaches its containers through the docker provider at "
                    + e.host());
            hint = "nothing to create: make sure Docker runs on it and the SSH key is loaded";
        } else if (t.equals(ResourceType.VPN_MEMBER)) {
            message = id + ": node " + str(r, "node") + "'s membership in the " + str(r, "kind")
                    + " mesh has no OpenTofu resource";
            hint = "join the node with kombify apply or with the VPN's own tooling";
        } else if (t.equals(ResourceType.DNS_RECORD)) {
            message = id + ": the DNS record " + str(r, "type") + " " + str(r, "name") + " -> node " + str(r, "node")
                    + " has no OpenTofu resource: the stack names no DNS provider";
            hint = "create the record at your DNS provider, pointing at the node's public address";
        } else if (t.equals(ResourceType.PROXY_ROUTE)) {
            message = id + ": the route " + str(r, "domain") + " -> " + str(r, "service")
                    + (r.attributes().get("port") == null ? "" : ":" + r.attributes().get("port"))
                    + (str(r, "proxy").isEmpty() ? "" : " (through " + str(r, "proxy") + ")") + " has no OpenTofu resource";
            hint = "configure the route in the reverse proxy (for Traefik, router labels or its dynamic configuration)";
        } else if (t.equals(ResourceType.FIREWALL)) {
            message = id + ": the host firewall (" + str(r, "backend") + ") of node " + str(r, "node")
                    + " has no OpenTofu resource";
            hint = "configure it with the host's own tooling (" + str(r, "backend") + ")";
        } else {
            message = id + ": resources of type " + t + " of provider " + r.provider()
                    + " have no OpenTofu mapping in this exporter";
            hint = t.equals(ResourceType.MACHINE)
                    ? "create the machine another way; its containers are exported with its Docker endpoint as a variable"
                    : "create it another way, or deploy the stack with kombify apply";
        }
        warn("OPENTOFU_NOT_EXPORTED", "", message, hint);
    }

    // --- the file ---

    private Map<String, Object> main() {
        Map<String, Object> main = new LinkedHashMap<>();
        StringBuilder comment = new StringBuilder("Generated by kombify from stack " + stack + " (spec " + graph.specHash()
                + "); export again instead of editing.");
        List<String> secrets = secretVariableNames();
        if (!secrets.isEmpty()) {
            comment.append(" Secret values are not in this file or terraform.tfvars.json: set ")
                    .append(String.join(", ", secrets.stream().map(v -> "TF_VAR_" + v).toList()))
                    .append(" in the environment. tofu keeps them in saved plans (*.tfplan) and its state "
                            + "(terraform.tfstate), which .gitignore keeps out of version control: encrypt the state "
                            + "or keep it in a remote backend.");
        }
        main.put("//", comment.toString());
        Map<String, Object> required = new TreeMap<>();
        boolean usesDocker = resources.keySet().stream().anyMatch(k -> k.startsWith("docker_"));
        if (usesDocker) {
            required.put("docker", Map.of("source", DOCKER_SOURCE, "version", DOCKER_VERSION));
        }
        if (usesHcloud) {
            required.put("hcloud", Map.of("source", HCLOUD_SOURCE, "version", HCLOUD_VERSION));
        }
        Map<String, Object> terraform = new LinkedHashMap<>();
        terraform.put("required_version", REQUIRED_VERSION);
        if (!required.isEmpty()) {
            terraform.put("required_providers", sortedDeep(required));
        }
        main.put("terraform", terraform);
        Map<String, Object> providers = new TreeMap<>();
        if (usesDocker) {
            providers.put("docker", dockerProviders());
        }
        if (usesHcloud) {
            variable(HCLOUD_TOKEN, "Hetzner Cloud API token (read and write). Set it as TF_VAR_hcloud_token; kombify "
                    + "does not write it into the exported files.", true);
            providers.put("hcloud", Map.of("token", ref("var." + HCLOUD_TOKEN)));
        }
        if (!providers.isEmpty()) {
            main.put("provider", providers);
        }
        if (!variables.isEmpty()) {
            main.put("variable", variables);
        }
        if (!resources.isEmpty()) {
            main.put("resource", resources);
        }
        return main;
    }

    private Object dockerProviders() {
        Map<String, Endpoint> byAlias = new TreeMap<>();
        Endpoint only = null;
        for (Map.Entry<String, Endpoint> e : endpoints.entrySet()) {
            String provider = dockerProvider.get(e.getKey());
            if (provider == null) {
                only = e.getValue();
            } else {
                byAlias.putIfAbsent(provider.substring("docker.".length()), e.getValue());
            }
        }
        if (byAlias.isEmpty()) {
            return only == null ? Map.of() : providerBody(null, only);
        }
        List<Object> configurations = new ArrayList<>();
        byAlias.forEach((alias, e) -> configurations.add(providerBody(alias, e)));
        return configurations;
    }

    private static Map<String, Object> providerBody(String alias, Endpoint e) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (alias != null) {
            body.put("alias", alias);
        }
        body.put("host", e.host());
        if (!e.sshOpts().isEmpty()) {
            body.put("ssh_opts", e.sshOpts());
        }
        return body;
    }

    private List<String> secretVariableNames() {
        List<String> names = new ArrayList<>();
        if (usesHcloud) {
            names.add(HCLOUD_TOKEN);
        }
        names.addAll(new TreeSet<>(secretVariables.values()));
        return names;
    }

    private List<String> nextSteps() {
        List<String> steps = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        if (usesHcloud) {
            secrets.add("TF_VAR_" + HCLOUD_TOKEN + " (the Hetzner Cloud API token)");
        }
        secretVariables.forEach((secret, variable) -> secrets.add("TF_VAR_" + variable + " (secret://" + secret + ")"));
        if (!secrets.isEmpty()) {
            steps.add("Set " + String.join(", ", secrets) + " in the environment; kombify does not write secret values "
                    + "into the exported files.");
        }
        List<String> unset = new ArrayList<>();
        for (Map.Entry<String, Object> v : variables.entrySet()) {
            boolean sensitive = v.getValue() instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("sensitive"));
            if (!sensitive && !tfvars.containsKey(v.getKey())) {
                unset.add(v.getKey());
            }
        }
        if (!unset.isEmpty()) {
            steps.add("Give " + String.join(", ", unset) + " a value in a file of your own such as " + USER_VARS_FILE
                    + ", which tofu reads and exports leave alone (or as TF_VAR_ variables).");
        }
        if (!twoStepTargets.isEmpty()) {
            steps.add("Create the Hetzner servers first, since the docker provider connects to their addresses: tofu apply "
                    + String.join(" ", twoStepTargets.stream().map(t -> "-target=" + t).toList()) + ", then plan and apply "
                    + "the rest.");
        }
        return steps;
    }

    // --- helpers ---

    private void variable(String name, String description, boolean sensitive) {
        variable(name, description, "string", sensitive);
    }

    private void variable(String name, String description, String type, boolean sensitive) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("description", description);
        body.put("type", type);
        if (sensitive) {
            body.put("sensitive", true);
        }
        variables.put(name, body);
    }

    private void warn(String code, String path, String message, String hint) {
        warnings.add(Diagnostic.warning(code, path, message, hint));
    }

    /** A JSON pointer to a resource's block in {@code main.tf.json}, or {@code ""}. */
    private static String pointer(String address) {
        if (address == null) {
            return "";
        }
        int dot = address.indexOf('.');
        return "/resource/" + address.substring(0, dot) + "/" + address.substring(dot + 1);
    }

    /** {@code ${ADDRESS.attribute}} for the resource with this kombify address, or {@code null} when it is not exported. */
    private String refTo(String kombifyAddress, String attribute) {
        if (kombifyAddress == null || kombifyAddress.isEmpty()) {
            return null;
        }
        ResourceId id = parseId(kombifyAddress);
        String address = id == null ? null : tfAddress.get(id);
        return address == null ? null : ref(address + "." + attribute);
    }

    /** The address progress events give a resource the export adds, such as {@code docker_image.traefik}. */
    private static ResourceId helperId(String tfType, String name) {
        String n = name.replaceFirst("^[_-]+", "");
        return ResourceId.of(new ResourceType(tfType), n.isEmpty() ? "resource" : n);
    }

    private static ResourceId parseId(String address) {
        try {
            return ResourceId.parse(address);
        } catch (KombifyException e) {
            return null;
        }
    }

    private static String str(Resource r, String key) {
        Object v = r.attributes().get(key);
        return v == null ? "" : String.valueOf(v);
    }

    private static Map<String, Object> labels(Resource r) {
        return map(r.attributes().get("labels"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    /** A map with every nested map sorted, for the parts of the file whose order is free. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> sortedDeep(Map<String, Object> map) {
        Map<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put(k, v instanceof Map<?, ?> m ? sortedDeep((Map<String, Object>) m) : v));
        return sorted;
    }

    private static long size(String text) {
        return text.isEmpty() || !ByteSize.isValid(text) ? 0 : ByteSize.parse(text).bytes();
    }

    private static long mebibytesUp(String text) {
        long bytes = size(text);
        return (bytes + (1L << 20) - 1) >> 20;
    }

    /** {@code 1.0} as {@code 1}, {@code 0.5} as {@code 0.5}. */
    static String fmt(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** The first host address of an IPv4 CIDR range, or {@code null} when it is not one. */
    static String firstAddress(String cidr) {
        var m = IPV4_CIDR.matcher(cidr);
        if (!m.matches()) {
            return null;
        }
        long ip = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return null;
            }
            ip = (ip << 8) | octet;
        }
        int bits = Integer.parseInt(m.group(5));
        if (bits > 30) {
            return null;
        }
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        long first = (ip & mask) + 1;
        return ((first >> 24) & 255) + "." + ((first >> 16) & 255) + "." + ((first >> 8) & 255) + "." + (first & 255);
    }
}
