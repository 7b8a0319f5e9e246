package io.kombify.sim.cloud.hetzner;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/**
 * The state of the fake's project: its resources, their actions and the counters that make IDs
 * and addresses. Not thread-safe by itself: the fake calls it under one lock, one request at a time.
 */
final class Cloud {
    /** The public IPv4 ranges reserved for documentation (RFC 5737), used in this order. */
    private static final long[] IPV4_POOLS = {
            Ipv4Range.address("203.0.113.0"), Ipv4Range.address("198.51.100.0"), Ipv4Range.address("192.0.2.0")};

    private final Clock clock;
    private final int actionPolls;
    private final Faults faults;
    private long nextId = 1;
    private long nextActionId = 1;
    private int nextIpv4;
    private int nextIpv6 = 1;
    private long nextMac = 1;
    private long request;

    final Map<Long, Server> servers = new LinkedHashMap<>();
    final Map<Long, SshKey> sshKeys = new LinkedHashMap<>();
    final Map<Long, Network> networks = new LinkedHashMap<>();
    final Map<Long, Firewall> firewalls = new LinkedHashMap<>();
    final Map<Long, Volume> volumes = new LinkedHashMap<>();
    final Map<Long, PrimaryIp> primaryIps = new LinkedHashMap<>();
    final Map<Long, Action> actions = new LinkedHashMap<>();
    /** The actions that may still be running, so that a resource read need not look at finished ones. */
    private final List<Action> running = new ArrayList<>();

    Cloud(Clock clock, int actionPolls, Faults faults) {
        this.clock = clock;
        this.actionPolls = actionPolls;
        this.faults = faults;
    }

    Instant now() {
        return clock.instant();
    }

    long newId() {
        return nextId++;
    }

    /** Starts an action; {@code effect} is applied when it succeeds. */
    Action action(String command, Runnable effect, Action.Target... targets) {
        Action action = new Action(nextActionId++, command, List.of(targets), now(), actionPolls, effect,
                faults.takeActionFailure(command));
        actions.put(action.id(), action);
        running.add(action);
        return action;
    }

    /** Marks the start of a request: an action counts at most one poll per request. */
    void nextRequest() {
        request++;
    }

    /** A read of an action: a poll of it, then the action as it is now. */
    ObjectNode read(Action action) {
        return action.read(request, now());
    }

    /**
     * A read of a resource: a poll of each running action that concerns it, as a client waiting
     * for the resource's state polls the resource instead of its actions.
     */
    void poll(String type, long id) {
        running.removeIf(a -> !a.status().equals("running"));
        List<Action> concerned = running.stream().filter(a -> a.concerns(type, id)).toList();
        Instant now = now();
        for (Action a : concerned) {
            a.poll(request, now);
        }
    }

    /** {@link #poll} of a resource of type {@code type} that a request reads; returns it. */
    <T extends Resource> T polled(String type, T resource) {
        poll(type, resource.id());
        return resource;
    }

    static Action.Target target(String type, long id) {
        return new Action.Target(type, id);
    }

    // ------------------------------------------------------------------ lookups by path ID (404)

    Server server(long id) {
        return found(servers, id, "server");
    }

    SshKey sshKey(long id) {
        return found(sshKeys, id, "ssh_key");
    }

    Network network(long id) {
        return found(networks, id, "network");
    }

    Firewall firewall(long id) {
        return found(firewalls, id, "firewall");
    }

    Volume volume(long id) {
        return found(volumes, id, "volume");
    }

    PrimaryIp primaryIp(long id) {
        return found(primaryIps, id, "primary_ip");
    }

    private static <T> T found(Map<Long, T> map, long id, String what) {
        T t = map.get(id);
        if (t == null) {
            throw ApiException.notFound(what, id);
        }
        return t;
    }

    /** A resource by ID or name, as request bodies name them; {@code null} when none. */
    static <T extends Resource> T byIdOrName(Map<Long, T> map, String idOrName) {
        for (T t : map.values()) {
            if (String.valueOf(t.id()).equals(idOrName) || t.name().equals(idOrName)) {
                return t;
            }
        }
        return null;
    }

    /** Whether another resource of the collection already has this name. */
    static boolean nameTaken(Map<Long, ? extends Resource> map, String name, long except) {
        return map.values().stream().anyMatch(r -> r.id() != except && r.name().equals(name));
    }

    // ------------------------------------------------------------------ relations

    Collection<Server> servers() {
        return servers.values();
    }

    List<Volume> volumesOf(long server) {
        return volumes.values().stream().filter(v -> v.server != null && v.server == server).toList();
    }

    PrimaryIp primaryIpOf(long server, String type) {
        return primaryIps.values().stream().filter(p -> p.assignee != null && p.assignee == server && p.type.equals(type))
                .findFirst().orElse(null);
    }

    List<Firewall> firewallsOf(Server server) {
        return firewalls.values().stream().filter(f -> f.appliesTo(server)).toList();
    }

    List<Server> serversIn(long network) {
        return servers.values().stream().filter(s -> s.privateNet(network) != null).toList();
    }

    // ------------------------------------------------------------------ addresses

    /** The next public IPv4 address from the documentation ranges; never one handed out before. */
    String newIpv4() {
        int pool = nextIpv4 / 254;
        if (pool >= IPV4_POOLS.length) {
            throw new ApiException(403, "resource_limit_exceeded", "the fake has handed out all "
                    + IPV4_POOLS.length * 254 + " IPv4 addresses of the documentation ranges");
        }
        String ip = Ipv4Range.format(IPV4_POOLS[pool] + 1 + nextIpv4 % 254);
        nextIpv4++;
        return ip;
    }

    /** The next IPv6 /64 from the documentation prefix 2001:db8::/32. */
    String newIpv6() {
        return "2001:db8:" + Integer.toHexString(nextIpv6++) + "::/64";
    }

    String newMac() {
        long n = nextMac++;
        return String.format("86:00:00:%02x:%02x:%02x", n >> 16 & 255, n >> 8 & 255, n & 255);
    }

    /** Addresses already used in a network: its gateway, its servers' IPs and alias IPs. */
    List<Long> usedIps(Network network) {
        List<Long> used = new ArrayList<>();
        used.add(network.gateway());
        for (Server s : serversIn(network.id())) {
            Server.PrivateNet p = s.privateNet(network.id());
            used.add(Ipv4Range.address(p.ip));
            p.aliasIps.forEach(a -> used.add(Ipv4Range.address(a)));
        }
        return used;
    }

    /**
     * A free address for a server of this location in the network: from the first subnet in the
     * location's network zone, or {@code 422 no_subnet_available}.
     */
    String freeIp(Network network, Catalog.Location location) {
        List<Long> used = usedIps(network);
        for (Network.Subnet s : network.subnets) {
            if (!s.networkZone().equals(location.networkZone()) || s.type().equals("vswitch")) {
                continue;
            }
            for (long a = s.ipRange().base() + 1; a < s.ipRange().last(); a++) {
                if (!used.contains(a)) {
                    return Ipv4Range.format(a);
                }
            }
        }
        throw ApiException.unprocessable("no_subnet_available", "network " + network.id()
                + " has no subnet with a free IP in network zone " + location.networkZone());
    }

    /**
     * Checks a requested IP of a server in the network: it must lie in a subnet of the location's
     * zone and be free, or {@code 422 ip_not_available}.
     */
    void checkIp(Network network, Catalog.Location location, String ip) {
        Long address = Ipv4Range.address(ip);
        boolean inSubnet = address != null && network.subnets.stream().anyMatch(s -> s.networkZone().equals(location.networkZone())
                && s.ipRange().contains(address) && address > s.ipRange().base() && address < s.ipRange().last());
        if (!inSubnet || usedIps(network).contains(address)) {
            throw ApiException.unprocessable("ip_not_available", "IP " + ip + " is not available in network "
                    + network.id() + " for a server in " + location.name());
        }
    }
}
