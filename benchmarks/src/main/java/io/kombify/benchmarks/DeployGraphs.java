package io.kombify.benchmarks;

import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Resource graphs and providers for the deployment engine's benchmarks.
 *
 * <p>{@link #fleet} is shaped like the graph of a large stack: an SSH key, a private network with
 * a subnet per ten machines, then per machine (one per hundred resources) the machine, its
 * firewall, its VPN membership and its container network, then applications spread over the
 * machines, seven resources each: a data volume, a database (with a {@code secret://} password),
 * a cache, a web container that needs both (and, in three of four applications, the web container
 * of the previous application on its machine, so {@code needs} form chains), a worker that needs
 * the web container, a proxy route and a DNS record. {@link #spine} is a graph whose critical path
 * and total work are known by construction, for measuring how well an apply overlaps slow calls.
 */
public final class DeployGraphs {

    /** The stack every graph belongs to. */
    public static final String STACK = "bench";

    /** Machines, networks, firewalls and DNS. */
    public static final String HETZNER = "hetzner";
    /** Container networks, volumes, containers and proxy routes. */
    public static final String DOCKER = "docker";
    /** VPN membership. */
    public static final String HEADSCALE = "headscale";

    private static final int RESOURCES_PER_MACHINE = 100;
    private static final int MACHINES_PER_SITE = 10;
    private static final String ZONE = "bench.example.org";
    private static final List<String> SERVER_TYPES = List.of("cx22", "cx32", "cx42", "cpx31");
    private static final List<String> LOCATIONS = List.of("fsn1", "nbg1", "hel1");

    private DeployGraphs() {
    }

    /**
     * The three providers the graphs name, each taking {@code latency} per call, declaring every
     * type it handles with realistic attributes changeable in place.
     */
    public static List<LatencyProvider> providers(Duration latency) {
        Map<ResourceType, Set<String>> hetzner = new LinkedHashMap<>();
        hetzner.put(ResourceType.SSH_KEY, Set.of("name"));
        hetzner.put(ResourceType.NETWORK, Set.of("labels"));
        hetzner.put(ResourceType.SUBNET, Set.of());
        hetzner.put(ResourceType.MACHINE, Set.of("labels", "server_type"));
        hetzner.put(ResourceType.FIREWALL, Set.of("rules", "labels"));
        hetzner.put(ResourceType.DNS_RECORD, Set.of("ttl", "value"));
        Map<ResourceType, Set<String>> docker = new LinkedHashMap<>();
        docker.put(ResourceType.CONTAINER_NETWORK, Set.of("labels"));
        docker.put(ResourceType.VOLUME, Set.of("labels"));
        docker.put(ResourceType.CONTAINER, Set.of("labels", "memory", "cpu", "restart"));
        docker.put(ResourceType.PROXY_ROUTE, Set.of("middlewares", "tls", "port"));
        Map<ResourceType, Set<String>> headscale = Map.of(ResourceType.VPN_MEMBER, Set.of("tags", "advertise_routes"));
        return List.of(LatencyProvider.of(HETZNER, hetzner, latency), LatencyProvider.of(DOCKER, docker, latency),
                LatencyProvider.of(HEADSCALE, headscale, latency));
    }

    /**
     * A stack's graph of exactly {@code resources} resources (the last application may be cut
     * short), with one machine per hundred resources.
     */
    public static ResourceGraph fleet(int resources) {
        if (resources < 1) {
            throw new IllegalArgumentException("a fleet has at least one resource, not " + resources);
        }
        Sized g = new Sized(ResourceGraph.builder(STACK, "fleet-" + resources), resources);
        int machines = Math.max(1, (resources + RESOURCES_PER_MACHINE / 2) / RESOURCES_PER_MACHINE);
        int sites = (machines + MACHINES_PER_SITE - 1) / MACHINES_PER_SITE;

        ResourceId sshKey = g.add(ResourceType.SSH_KEY, "stack", HETZNER,
                attrs("name", STACK, "public_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchmarkKeyOnly kombify@" + STACK));
        ResourceId network = g.add(ResourceType.NETWORK, "private", HETZNER,
                attrs("ip_range", "10.0.0.0/8", "labels", attrs("kombify.io/stack", STACK)));
        ResourceId[] subnets = new ResourceId[sites];
        for (int s = 0; s < sites; s++) {
            subnets[s] = g.add(ResourceType.SUBNET, site(s), HETZNER,
                    attrs("ip_range", "10." + s + ".0.0/16", "network_zone", "eu-central", "type", "cloud"), network);
        }

        ResourceId[] machineIds = new ResourceId[machines];
        ResourceId[] containerNetworks = new ResourceId[machines];
        for (int m = 0; m < machines; m++) {
            String node = node(m);
            String site = site(m / MACHINES_PER_SITE);
            String ip = "10." + (m / MACHINES_PER_SITE) + ".0." + (m % MACHINES_PER_SITE + 2);
            machineIds[m] = g.add(ResourceType.MACHINE, node, HETZNER, attrs(
                    "server_type", SERVER_TYPES.get(m % SERVER_TYPES.size()),
                    "location", LOCATIONS.get((m / MACHINES_PER_SITE) % LOCATIONS.size()),
                    "image", "debian-12",
                    "private_ip", ip,
                    "public_net", attrs("ipv4", true, "ipv6", true),
                    "labels", attrs("kombify.io/stack", STACK, "role", m == 0 ? "main" : "worker", "site", site)),
                    sshKey, subnets[m / MACHINES_PER_SITE]);
            g.add(ResourceType.FIREWALL, node, HETZNER, attrs(
                    "rules", List.of(
                            rule("tcp", "22", List.of("100.64.0.0/10")),
                            rule("tcp", "443", List.of("0.0.0.0/0", "::/0")),
                            rule("tcp", "80", List.of("0.0.0.0/0", "::/0")),
                            rule("udp", "41641", List.of("0.0.0.0/0", "::/0"))),
                    "labels", attrs("kombify.io/stack", STACK)), machineIds[m]);
            g.add(ResourceType.VPN_MEMBER, node, HEADSCALE, attrs(
                    "user", STACK, "hostname", node,
                    "tags", List.of("tag:node", "tag:" + site),
                    "advertise_routes", List.of()), machineIds[m]);
            containerNetworks[m] = g.add(ResourceType.CONTAINER_NETWORK, node, DOCKER, attrs(
                    "name", "kombify", "node", node, "driver", "bridge", "subnet", "172.20.0.0/16",
                    "labels", attrs("kombify.io/stack", STACK)), machineIds[m]);
        }

        ResourceId[] lastWeb = new ResourceId[machines];
        for (int a = 0; !g.full(); a++) {
            int m = a % machines;
            String node = node(m);
            String app = String.format("app-%05d", a);
            ResourceId volume = g.add(ResourceType.VOLUME, app + "-data", DOCKER, attrs(
                    "name", app + "-data", "node", node, "driver", "local",
                    "labels", attrs("kombify.io/stack", STACK, "kombify.io/service", app)), machineIds[m]);
            ResourceId db = g.addSensitive(ResourceType.CONTAINER, app + "-db", DOCKER, attrs(
                    "image", "postgres:16-alpine", "node", node, "restart", "unless-stopped",
                    "memory", "512Mi", "cpu", 0.5,
                    "env", attrs("POSTGRES_DB", app, "POSTGRES_USER", app),
                    "env_secrets", attrs("POSTGRES_PASSWORD", "secret://" + app + "-db-password"),
                    "mounts", List.of(attrs("source", app + "-data", "target", "/var/lib/postgresql/data")),
                    "networks", List.of("kombify"),
                    "healthcheck", attrs("test", List.of("CMD", "pg_isready"), "interval", "10s", "retries", 5)),
                    Set.of("env_secrets"), volume, containerNetworks[m]);
            ResourceId cache = g.add(ResourceType.CONTAINER, app + "-cache", DOCKER, attrs(
                    "image", "redis:7-alpine", "node", node, "restart", "unless-stopped",
                    "memory", "128Mi", "cpu", 0.25, "command", List.of("redis-server", "--save", ""),
                    "networks", List.of("kombify")), containerNetworks[m]);
            Set<ResourceId> webNeeds = new TreeSet<>(List.of(db, cache, volume, containerNetworks[m]));
            if (lastWeb[m] != null && (a / machines) % 4 != 0) {
                webNeeds.add(lastWeb[m]);
            }
            ResourceId web = g.addSensitive(ResourceType.CONTAINER, app + "-web", DOCKER, attrs(
                    "image", "ghcr.io/example/" + (a % 2 == 0 ? "notes" : "photos") + ":1.4." + (a % 7),
                    "node", node, "restart", "unless-stopped", "memory", "1Gi", "cpu", 1,
                    "ports", List.of(attrs("container", 8080, "protocol", "tcp")),
                    "env", attrs("DATABASE_HOST", app + "-db", "REDIS_HOST", app + "-cache", "BASE_URL",
                            "https://" + app + "." + ZONE),
                    "env_secrets", attrs("DATABASE_PASSWORD", "secret://" + app + "-db-password",
                            "SESSION_KEY", "secret://" + app + "-session-key"),
                    "mounts", List.of(attrs("source", app + "-data", "target", "/data")),
                    "networks", List.of("kombify"),
                    "labels", attrs("kombify.io/stack", STACK, "kombify.io/service", app)),
                    Set.of("env_secrets"), webNeeds.toArray(new ResourceId[0]));
            lastWeb[m] = web;
            g.add(ResourceType.CONTAINER, app + "-worker", DOCKER, attrs(
                    "image", "ghcr.io/example/" + (a % 2 == 0 ? "notes" : "photos") + ":1.4." + (a % 7),
                    "node", node, "restart", "unless-stopped", "memory", "256Mi", "cpu", 0.5,
                    "command", List.of("worker", "--queue", "default"),
                    "env", attrs("REDIS_HOST", app + "-cache"), "networks", List.of("kombify")), web, cache);
            ResourceId route = g.add(ResourceType.PROXY_ROUTE, app, DOCKER, attrs(
                    "domain", app + "." + ZONE, "service", app + "-web", "port", 8080, "tls", true,
                    "middlewares", List.of("secure-headers", "rate-limit")), web);
            g.add(ResourceType.DNS_RECORD, app, HETZNER, attrs(
                    "zone", ZONE, "name", app, "type", "A", "ttl", 300, "value", "node:" + node), route, machineIds[m]);
        }
        return g.build();
    }

    /**
     * A graph of {@code resources} resources: a chain of {@code chain} (a machine, its container
     * network, then containers each needing the one before) and, beside it, resources that depend
     * on nothing (DNS records and volumes). Its critical path is {@code chain} steps and its total
     * work {@code resources} steps; a scheduler that runs the longest chain first reaches the lower
     * bound {@code max(chain, resources / parallelism)} steps (rounded up) exactly.
     */
    public static ResourceGraph spine(int resources, int chain) {
        if (chain < 2 || chain > resources) {
            throw new IllegalArgumentException("the chain needs 2 to " + resources + " resources, not " + chain);
        }
        Sized g = new Sized(ResourceGraph.builder(STACK, "spine-" + resources + "-" + chain), resources);
        ResourceId previous = g.add(ResourceType.MACHINE, "spine", HETZNER, attrs(
                "server_type", "cx32", "location", "fsn1", "image", "debian-12"));
        previous = g.add(ResourceType.CONTAINER_NETWORK, "spine", DOCKER, attrs(
                "name", "kombify", "node", "spine", "driver", "bridge"), previous);
        for (int i = 1; i <= chain - 2; i++) {
            previous = g.add(ResourceType.CONTAINER, String.format("svc-%03d", i), DOCKER, attrs(
                    "image", "ghcr.io/example/svc:" + i, "node", "spine", "memory", "128Mi"), previous);
        }
        for (int i = 1; !g.full(); i++) {
            if (i % 2 == 0) {
                g.add(ResourceType.VOLUME, String.format("leaf-%04d", i), DOCKER, attrs(
                        "name", "leaf-" + i, "node", "spine", "driver", "local"));
            } else {
                g.add(ResourceType.DNS_RECORD, String.format("leaf-%04d", i), HETZNER, attrs(
                        "zone", ZONE, "name", "leaf-" + i, "type", "A", "ttl", 300, "value", "10.0.0.2"));
            }
        }
        return g.build();
    }

    /** The number of resources on the graph's longest dependency chain. */
    public static int longestChain(ResourceGraph graph) {
        Map<ResourceId, Integer> depth = new HashMap<>();
        int longest = 0;
        for (Resource r : graph.resources()) {
            int d = 0;
            for (ResourceId dep : r.dependsOn()) {
                d = Math.max(d, depth.get(dep));
            }
            depth.put(r.id(), d + 1);
            longest = Math.max(longest, d + 1);
        }
        return longest;
    }

    /**
     * How many steps of one latency each an ideal executor needs: every call takes exactly one
     * step, at most {@code parallelism} run at once, and whenever a slot is free it takes the ready
     * resource with the longest chain of dependents behind it (ties in graph order), as the
     * engine's executor does, with no overhead at all. At least {@link #longestChain} and
     * {@code resources / parallelism}, rounded up; more where the graph is too narrow somewhere to
     * keep every slot busy.
     */
    public static int listScheduleSteps(ResourceGraph graph, int parallelism) {
        List<Resource> resources = graph.resources();
        int n = resources.size();
        Map<ResourceId, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(resources.get(i).id(), i);
        }
        int[] height = new int[n];
        int[] waiting = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            int h = 0;
            for (ResourceId d : graph.dependents(resources.get(i).id())) {
                h = Math.max(h, height[index.get(d)]);
            }
            height[i] = h + 1;
            waiting[i] = resources.get(i).dependsOn().size();
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>(
                (a, b) -> height[a] != height[b] ? Integer.compare(height[b], height[a]) : Integer.compare(a, b));
        for (int i = 0; i < n; i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        int steps = 0;
        int done = 0;
        List<Integer> batch = new ArrayList<>(parallelism);
        while (done < n) {
            batch.clear();
            while (batch.size() < parallelism && !ready.isEmpty()) {
                batch.add(ready.poll());
            }
            steps++;
            done += batch.size();
            for (int i : batch) {
                for (ResourceId d : graph.dependents(resources.get(i).id())) {
                    int j = index.get(d);
                    if (--waiting[j] == 0) {
                        ready.add(j);
                    }
                }
            }
        }
        return steps;
    }

    private static String node(int m) {
        return String.format("node-%04d", m);
    }

    private static String site(int s) {
        return String.format("site-%03d", s);
    }

    private static Map<String, Object> rule(String protocol, String port, List<String> sources) {
        return attrs("direction", "in", "protocol", protocol, "port", port, "source_ips", sources);
    }

    private static Map<String, Object> attrs(Object... keysAndValues) {
        Map<String, Object> map = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** A graph builder that stops taking resources once the graph has its size. */
    private static final class Sized {
        private final ResourceGraph.Builder builder;
        private final int size;
        private int count;

        Sized(ResourceGraph.Builder builder, int size) {
            this.builder = builder;
            this.size = size;
        }

        boolean full() {
            return count == size;
        }

        ResourceId add(ResourceType type, String name, String provider, Map<String, Object> attributes, ResourceId... needs) {
            return addSensitive(type, name, provider, attributes, Set.of(), needs);
        }

        /** Adds the resource unless the graph is full; its address either way (nothing added later can need it). */
        ResourceId addSensitive(ResourceType type, String name, String provider, Map<String, Object> attributes,
                                Set<String> sensitive, ResourceId... needs) {
            ResourceId id = ResourceId.of(type, name);
            if (count < size) {
                builder.add(new Resource(id, provider, attributes, sensitive, Set.of(needs)));
                count++;
            }
            return id;
        }

        ResourceGraph build() {
            return builder.build();
        }
    }
}
