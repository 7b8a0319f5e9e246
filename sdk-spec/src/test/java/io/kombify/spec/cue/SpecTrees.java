package io.kombify.spec.cue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates {@code kombination.yaml} documents as plain trees that both the upstream schema
 * and our validator accept: every optional part of the schema appears in some of them, and
 * every rule beyond the schema (unique names, existing nodes and {@code needs} without cycles,
 * distinct host ports, private subnets, ports outside the reserved ones, kit resource minimums)
 * is kept, so that a mutation of one field is the only reason a mutated document fails.
 *
 * <p>Deterministic: the same seed gives the same document.
 */
final class SpecTrees {
    static final List<String> PROVIDERS = List.of("local", "hetzner", "docker", "aws", "gcp", "azure", "proxmox",
            "digitalocean", "digitalocean-managed", "centron", "ionos");
    static final List<String> EDGE_PROVIDERS = List.of("local", "docker");
    static final List<String> CLOUD_PROVIDERS = List.of("hetzner", "aws", "gcp", "azure", "digitalocean",
            "digitalocean-managed", "centron", "ionos");
    static final List<String> SERVICE_TYPES = List.of("reverse-proxy", "service", "backend", "database", "cache", "queue",
            "paas", "docker", "monitoring", "backup", "auth", "vpn", "storage", "media", "automation", "development", "custom");
    static final List<String> SIMPLE_INTENTS = List.of("self-hosted", "privacy-focused", "low-maintenance",
            "high-availability", "development", "media-server", "smart-home", "gaming");
    /** The kits both the schema's {@code #StackKitRef} and our catalogue know. */
    static final List<String> SHARED_KITS = List.of("", "basement-kit", "cloud-kit", "modern-homelab");

    private final Random random;
    private int nextHostPort = 20000;

    private SpecTrees(long seed) {
        this.random = new Random(seed);
    }

    /** A valid document; {@code seed} decides which optional parts it has. */
    static Map<String, Object> valid(long seed) {
        return new SpecTrees(seed).spec(seed);
    }

    /**
     * The smallest document every kit accepts: a name and one local main node with the
     * resources of the most demanding kit (without them a node has its type's defaults, and
     * an edge node's single core is below every kit's minimum).
     */
    static Map<String, Object> minimal() {
        Map<String, Object> node = map("name", "server", "type", "main", "provider", "local",
                "resources", map("cpu", 4, "memory", "8Gi", "disk", "100Gi"));
        return map("name", "lab", "nodes", new ArrayList<>(List.of(node)));
    }

    private Map<String, Object> spec(long seed) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", "stack-" + Long.toUnsignedString(seed, 36));
        maybe(spec, "version", () -> pick("1.0", "1.1", "2.0", "10.25"));
        String kit = chance(0.5) ? pick(SHARED_KITS) : null;
        if (kit != null) {
            spec.put("kit", kit);
        }
        int nodeCount = 1 + random.nextInt(4);
        if ("modern-homelab".equals(kit)) {
            // The kit's minimum is two nodes (one at home, one in the cloud).
            nodeCount = Math.max(nodeCount, 2);
        }
        List<Object> nodes = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(node(i));
        }
        spec.put("nodes", nodes);
        if (chance(0.7)) {
            spec.put("services", services(nodes));
        }
        maybe(spec, "system", this::system);
        maybe(spec, "security", this::security);
        maybe(spec, "network", this::network);
        maybe(spec, "identity", this::identity);
        maybe(spec, "observability", this::observability);
        maybe(spec, "intents", this::intents);
        maybe(spec, "metadata", this::metadata);
        return spec;
    }

    private Map<String, Object> node(int index) {
        Map<String, Object> node = new LinkedHashMap<>();
        String type = index == 0 ? "main" : pick("main", "worker", "edge");
        node.put("name", pick("nas", "pi", "vps", "node", "box") + "-" + index);
        node.put("type", type);
        node.put("provider", "edge".equals(type) ? pick(EDGE_PROVIDERS) : pick(PROVIDERS));
        maybe(node, "ssh", () -> {
            Map<String, Object> ssh = new LinkedHashMap<>();
            ssh.put("host", pick("192.168.1." + (10 + index), "10.0.0." + (2 + index), "host-" + index + ".lan", "Srv" + index + ".example.com"));
            maybe(ssh, "port", () -> pick(22, 2222, 1, 65535));
            maybe(ssh, "user", () -> pick("ubuntu", "root", "_deploy", "ops-user"));
            maybe(ssh, "key_path", () -> "~/.ssh/id_ed25519");
            return ssh;
        });
        // Every kit's minimum is met (ha-homelab asks most: 4 cores, 8Gi, 100Gi), so no kit gate fires.
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("cpu", pick(4, 8, 16, 64));
        resources.put("memory", pick("8Gi", "16Gi", "65536Mi"));
        resources.put("disk", pick("100Gi", "500Gi", "2Ti"));
        node.put("resources", resources);
        maybe(node, "labels", () -> map("zone", pick("home", "cloud"), "disk.type", "ssd"));
        maybe(node, "taints", () -> list(pick("dedicated=db:NoSchedule", "gpu")));
        return node;
    }

    private List<Object> services(List<Object> nodes) {
        int count = 1 + random.nextInt(5);
        List<Object> services = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", pick("web", "db", "cache", "media", "auth", "proxy") + "-" + i);
            s.put("type", pick(SERVICE_TYPES));
            maybe(s, "node", () -> ((Map<?, ?>) nodes.get(random.nextInt(nodes.size()))).get("name"));
            maybe(s, "enabled", () -> Boolean.TRUE);
            if (i > 0 && chance(0.5)) {
                // Only earlier services: never the service itself, never a cycle.
                s.put("needs", list(((Map<?, ?>) services.get(random.nextInt(i))).get("name")));
            }
            maybe(s, "config", () -> map("image", "ghcr.io/example/app:1.2", "replicas", 2,
                    "settings", map("theme", "dark", "limits", list(1, "two", true))));
            maybe(s, "ports", () -> {
                List<Object> ports = new ArrayList<>();
                ports.add(port());
                if (chance(0.3)) {
                    ports.add(port());
                }
                return ports;
            });
            maybe(s, "network", () -> {
                Map<String, Object> net = new LinkedHashMap<>();
                maybe(net, "proxy", () -> {
                    Map<String, Object> proxy = new LinkedHashMap<>();
                    maybe(proxy, "enabled", () -> chance(0.5));
                    maybe(proxy, "domain", () -> "app.example.com");
                    maybe(proxy, "tls", () -> pick("auto", "manual", "disabled"));
                    maybe(proxy, "middlewares", () -> list("auth", "compress"));
                    return proxy;
                });
                maybe(net, "internal", () -> {
                    Map<String, Object> internal = new LinkedHashMap<>();
                    maybe(internal, "expose", () -> chance(0.5));
                    maybe(internal, "port", () -> pick(8080, 9000));
                    return internal;
                });
                return net;
            });
            maybe(s, "resources", () -> {
                Map<String, Object> r = new LinkedHashMap<>();
                maybe(r, "cpuLimit", () -> pick("1.0", "2", "0.5"));
                maybe(r, "memoryLimit", () -> pick("512Mi", "2Gi"));
                maybe(r, "cpuRequest", () -> pick("0.25", "1"));
                maybe(r, "memoryRequest", () -> pick("256Mi", "1Gi"));
                return r;
            });
            maybe(s, "volumes", () -> {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("name", "data");
                v.put("mountPath", "/data");
                maybe(v, "hostPath", () -> "/srv/data");
                maybe(v, "readOnly", () -> chance(0.5));
                maybe(v, "type", () -> pick("bind", "volume", "tmpfs"));
                maybe(v, "backup", () -> chance(0.5));
                return list(v);
            });
            maybe(s, "environment", () -> map("TZ", "Europe/Berlin", "LOG_LEVEL", "info"));
            maybe(s, "environmentSecrets", () -> map("DB_PASSWORD", "secret://db-password"));
            maybe(s, "restartPolicy", () -> pick("always", "unless-stopped", "on-failure", "no"));
            services.add(s);
        }
        return services;
    }

    private Map<String, Object> port() {
        Map<String, Object> p = new LinkedHashMap<>();
        // Above the reserved ports (22, 80, 443, 5260, 5263, 5265) and distinct on the host.
        p.put("container", 8000 + random.nextInt(1000));
        maybe(p, "host", () -> nextHostPort++);
        maybe(p, "protocol", () -> pick("tcp", "udp"));
        return p;
    }

    private Map<String, Object> system() {
        Map<String, Object> s = new LinkedHashMap<>();
        maybe(s, "timezone", () -> "Europe/Berlin");
        maybe(s, "locale", () -> "de_DE.UTF-8");
        maybe(s, "swap", () -> pick("disabled", "auto", "2Gi", "512Mi"));
        maybe(s, "unattendedUpgrades", () -> pick("disabled", "security", "all"));
        maybe(s, "packages", () -> {
            Map<String, Object> p = new LinkedHashMap<>();
            maybe(p, "base", () -> list("curl", "htop"));
            maybe(p, "extra", () -> list("zfsutils-linux"));
            return p;
        });
        return s;
    }

    private Map<String, Object> security() {
        Map<String, Object> s = new LinkedHashMap<>();
        maybe(s, "ssh", () -> {
            Map<String, Object> ssh = new LinkedHashMap<>();
            maybe(ssh, "port", () -> pick(22, 2222));
            maybe(ssh, "passwordAuth", () -> chance(0.5));
            maybe(ssh, "permitRootLogin", () -> pick("yes", "no", "prohibit-password"));
            maybe(ssh, "maxAuthTries", () -> pick(1, 3, 10));
            maybe(ssh, "allowUsers", () -> list("admin"));
            return ssh;
        });
        maybe(s, "firewall", () -> {
            Map<String, Object> fw = new LinkedHashMap<>();
            maybe(fw, "enabled", () -> chance(0.5));
            maybe(fw, "backend", () -> pick("ufw", "iptables", "nftables"));
            maybe(fw, "defaultInbound", () -> pick("allow", "deny"));
            maybe(fw, "defaultOutbound", () -> pick("allow", "deny"));
            maybe(fw, "rules", () -> {
                Map<String, Object> rule = new LinkedHashMap<>();
                rule.put("port", pick(22, 443, 51820));
                maybe(rule, "protocol", () -> pick("tcp", "udp", "both"));
                maybe(rule, "source", () -> pick("any", "lan", "vpn", "192.168.0.0/16"));
                maybe(rule, "comment", () -> "allow it");
                return list(rule);
            });
            return fw;
        });
        maybe(s, "tls", () -> {
            Map<String, Object> tls = new LinkedHashMap<>();
            maybe(tls, "minVersion", () -> pick("1.2", "1.3"));
            maybe(tls, "certSource", () -> pick("acme", "manual", "selfsigned"));
            maybe(tls, "acmeEmail", () -> "ops@example.com");
            maybe(tls, "acmeProvider", () -> pick("letsencrypt", "zerossl"));
            return tls;
        });
        maybe(s, "container", () -> {
            Map<String, Object> c = new LinkedHashMap<>();
            maybe(c, "readOnlyRootfs", () -> chance(0.5));
            maybe(c, "noNewPrivileges", () -> chance(0.5));
            maybe(c, "dropCapabilities", () -> list("ALL"));
            return c;
        });
        maybe(s, "secrets", () -> {
            Map<String, Object> c = new LinkedHashMap<>();
            maybe(c, "backend", () -> pick("file", "vault", "env"));
            maybe(c, "rotationPolicy", () -> pick("manual", "scheduled"));
            return c;
        });
        return s;
    }

    private Map<String, Object> network() {
        Map<String, Object> n = new LinkedHashMap<>();
        maybe(n, "vpn", () -> pick("headscale", "wireguard", "tailscale", "none"));
        maybe(n, "domain", () -> pick("home.example.com", "lab.local", "my-lab.example"));
        maybe(n, "dns", () -> {
            Map<String, Object> dns = new LinkedHashMap<>();
            maybe(dns, "servers", () -> pick(list("9.9.9.9"), list(), list("1.1.1.1", "8.8.8.8")));
            maybe(dns, "search", () -> list("lan"));
            return dns;
        });
        maybe(n, "internal", () -> {
            Map<String, Object> internal = new LinkedHashMap<>();
            maybe(internal, "subnet", () -> pick("10.20.0.0/16", "192.168.50.0/24", "172.16.0.0/12"));
            maybe(internal, "gateway", () -> pick("10.20.0.1", "192.168.50.1"));
            return internal;
        });
        maybe(n, "proxy", () -> {
            Map<String, Object> proxy = new LinkedHashMap<>();
            maybe(proxy, "http", () -> "http://proxy.lan:3128");
            maybe(proxy, "https", () -> "http://proxy.lan:3128");
            maybe(proxy, "noProxy", () -> list("localhost", ".lan"));
            return proxy;
        });
        return n;
    }

    private Map<String, Object> identity() {
        Map<String, Object> id = new LinkedHashMap<>();
        maybe(id, "owner", () -> {
            Map<String, Object> owner = new LinkedHashMap<>();
            owner.put("source", pick("local", "cloud"));
            maybe(owner, "email", () -> "owner@example.com");
            maybe(owner, "username", () -> "owner");
            maybe(owner, "displayName", () -> "The Owner");
            maybe(owner, "locale", () -> "de");
            return owner;
        });
        maybe(id, "recovery", () -> {
            Map<String, Object> r = new LinkedHashMap<>();
            maybe(r, "passphraseHashPresent", () -> pick(true, "yes"));
            maybe(r, "passphraseHashRef", () -> "secret://recovery-hash");
            maybe(r, "passphrase_hash", () -> "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA");
            maybe(r, "hint", () -> map("question", "first pet"));
            return r;
        });
        maybe(id, "sso", () -> map("provider", "zitadel", "clients", list("portal")));
        return id;
    }

    private Map<String, Object> observability() {
        Map<String, Object> o = new LinkedHashMap<>();
        maybe(o, "logging", () -> {
            Map<String, Object> l = new LinkedHashMap<>();
            maybe(l, "driver", () -> pick("journald", "json-file", "loki"));
            maybe(l, "retention", () -> pick("7d", "12h", "4w", "6m"));
            maybe(l, "level", () -> pick("debug", "info", "warn", "error"));
            return l;
        });
        maybe(o, "metrics", () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            maybe(m, "enabled", () -> chance(0.5));
            maybe(m, "nodeExporter", () -> map("enabled", chance(0.5)));
            maybe(m, "cadvisor", () -> chance(0.5) ? map() : map("enabled", chance(0.5)));
            return m;
        });
        maybe(o, "health", () -> {
            Map<String, Object> h = new LinkedHashMap<>();
            maybe(h, "enabled", () -> chance(0.5));
            maybe(h, "interval", () -> pick("30s", "5m", "1h"));
            maybe(h, "timeout", () -> pick("10s", "1m"));
            return h;
        });
        maybe(o, "alerting", () -> {
            Map<String, Object> a = new LinkedHashMap<>();
            maybe(a, "enabled", () -> chance(0.5));
            maybe(a, "channels", () -> list("email", "discord"));
            return a;
        });
        maybe(o, "backup", () -> {
            Map<String, Object> b = new LinkedHashMap<>();
            maybe(b, "enabled", () -> chance(0.5));
            maybe(b, "schedule", () -> pick("0 3 * * *", "*/15 * * * 1-5"));
            maybe(b, "retention", () -> pick("30d", "8w"));
            maybe(b, "target", () -> {
                Map<String, Object> t = new LinkedHashMap<>();
                maybe(t, "type", () -> pick("local", "s3", "restic", "rclone"));
                maybe(t, "path", () -> "/mnt/backup");
                maybe(t, "bucket", () -> "backups");
                maybe(t, "region", () -> "eu-central-1");
                maybe(t, "endpoint", () -> "https://s3.example.com");
                return t;
            });
            maybe(b, "include", () -> pick(list("volumes", "configs", "databases"), list()));
            maybe(b, "exclude", () -> list("/data/cache"));
            return b;
        });
        return o;
    }

    private List<Object> intents() {
        List<Object> intents = new ArrayList<>();
        intents.add(pick(SIMPLE_INTENTS));
        if (chance(0.6)) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("intent", pick(SIMPLE_INTENTS));
            maybe(d, "priority", () -> pick("low", "medium", "high"));
            maybe(d, "constraints", () -> map("budget", 20, "region", "eu"));
            maybe(d, "features", () -> list("sso"));
            maybe(d, "integrations", () -> list("home-assistant"));
            intents.add(d);
        }
        return intents;
    }

    private Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        maybe(m, "owner", () -> "ops");
        maybe(m, "environment", () -> pick("production", "staging", "development"));
        maybe(m, "project", () -> "homelab");
        maybe(m, "created_by", () -> pick("wizard", "import", "manual"));
        maybe(m, "tags", () -> list("home", "lab"));
        maybe(m, "cost-center", () -> 42);
        return m;
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private void maybe(Map<String, Object> target, String key, java.util.function.Supplier<Object> value) {
        if (chance(0.5)) {
            target.put(key, value.get());
        }
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static List<Object> list(Object... values) {
        return new ArrayList<>(java.util.Arrays.asList(values));
    }
}
