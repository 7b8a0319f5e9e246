package io.kombify.spec.cue;

import static io.kombify.spec.cue.SpecTrees.list;
import static io.kombify.spec.cue.SpecTrees.map;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Changes of one field of a valid document that the upstream schema has an opinion on: a
 * wrong enum value, a regex or range violation, a missing required field, an unknown field,
 * a wrong type, and values at the edge of a range that stay valid. Each states what the
 * schema says about the result, so a mutation that stops doing what its name says is
 * noticed instead of silently testing nothing.
 *
 * <p>Rules beyond the schema (cross-field rules, kit gates, our stricter number and
 * reference checks) are not mutated here: they are the {@link Divergence}s.
 */
final class Mutations {
    private Mutations() {
    }

    /**
     * One change.
     *
     * @param name        what it does, shown in test names and failures
     * @param schemaValid whether the schema accepts the mutated document
     * @param change      applies the change to a valid document in place
     */
    record Mutation(String name, boolean schemaValid, Consumer<Map<String, Object>> change) {
        Map<String, Object> apply(Map<String, Object> spec) {
            change.accept(spec);
            return spec;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Mutation> ALL = new ArrayList<>();

    private static void invalid(String name, Consumer<Map<String, Object>> change) {
        ALL.add(new Mutation(name, false, change));
    }

    private static void valid(String name, Consumer<Map<String, Object>> change) {
        ALL.add(new Mutation(name, true, change));
    }

    static List<Mutation> all() {
        return List.copyOf(ALL);
    }

    static {
        // --- the root ---
        invalid("name with upper case", s -> s.put("name", "My-Lab"));
        invalid("name of one character", s -> s.put("name", "a"));
        invalid("name ending in a dash", s -> s.put("name", "lab-"));
        invalid("name of 64 characters", s -> s.put("name", "a".repeat(64)));
        invalid("name missing", s -> s.remove("name"));
        invalid("name is a number", s -> s.put("name", 42));
        valid("name of 63 characters", s -> s.put("name", "a" + "b".repeat(61) + "c"));
        valid("name of two characters", s -> s.put("name", "ab"));
        invalid("version without minor", s -> s.put("version", "1"));
        invalid("version with a v", s -> s.put("version", "v1.0"));
        invalid("version is a number", s -> s.put("version", new BigDecimal("1.0")));
        invalid("kit not in the catalogue", s -> s.put("kit", "enterprise-kit"));
        invalid("kit with a slash", s -> s.put("kit", "kits/base"));
        invalid("kit is a boolean", s -> s.put("kit", true));
        invalid("unknown root field", s -> s.put("kits", "basement-kit"));
        invalid("services is an object", s -> s.put("services", map("web", map("type", "service"))));
        invalid("intents is a string", s -> s.put("intents", "gaming"));

        // --- nodes ---
        invalid("nodes empty", s -> s.put("nodes", list()));
        invalid("nodes missing", s -> s.remove("nodes"));
        invalid("nodes is an object", s -> s.put("nodes", map("nas", map("type", "main"))));
        invalid("node name missing", s -> node(s).remove("name"));
        invalid("node name with underscore", s -> node(s).put("name", "node_1"));
        invalid("node type missing", s -> node(s).remove("type"));
        invalid("node type unknown", s -> node(s).put("type", "master"));
        invalid("node provider missing", s -> node(s).remove("provider"));
        invalid("node provider unknown", s -> node(s).put("provider", "vultr"));
        invalid("edge node on hetzner", s -> edge(s, "hetzner"));
        invalid("edge node on aws", s -> edge(s, "aws"));
        invalid("edge node on proxmox", s -> edge(s, "proxmox"));
        valid("edge node on docker", s -> edge(s, "docker"));
        invalid("node unknown field", s -> node(s).put("role", "storage"));
        invalid("node labels value is a number", s -> node(s).put("labels", map("rack", 3)));
        invalid("node taints is a string", s -> node(s).put("taints", "gpu"));
        invalid("ssh without host", s -> ssh(s).remove("host"));
        invalid("ssh host starting with a dash", s -> ssh(s).put("host", "-nas"));
        invalid("ssh host empty", s -> ssh(s).put("host", ""));
        invalid("ssh host with a space", s -> ssh(s).put("host", "my nas"));
        invalid("ssh port 0", s -> ssh(s).put("port", 0));
        invalid("ssh port 65536", s -> ssh(s).put("port", 65536));
        invalid("ssh port is a string", s -> ssh(s).put("port", "22"));
        valid("ssh port 65535", s -> ssh(s).put("port", 65535));
        invalid("ssh user with upper case", s -> ssh(s).put("user", "Admin"));
        invalid("ssh user starting with a digit", s -> ssh(s).put("user", "1admin"));
        invalid("ssh unknown field", s -> ssh(s).put("password", "hunter2"));
        invalid("node cpu 0", s -> resources(s).put("cpu", 0));
        invalid("node cpu negative", s -> resources(s).put("cpu", -4));
        invalid("node cpu is a string", s -> resources(s).put("cpu", "4"));
        invalid("node cpu fractional", s -> resources(s).put("cpu", new BigDecimal("4.5")));
        invalid("node memory in GB", s -> resources(s).put("memory", "8GB"));
        invalid("node memory in Ti", s -> resources(s).put("memory", "1Ti"));
        invalid("node disk in Mi", s -> resources(s).put("disk", "512000Mi"));
        invalid("node disk without unit", s -> resources(s).put("disk", "100"));
        invalid("node resources unknown field", s -> resources(s).put("gpu", 1));

        // --- services ---
        invalid("service name missing", s -> service(s).remove("name"));
        invalid("service name with a dot", s -> service(s).put("name", "web.app"));
        invalid("service type missing", s -> service(s).remove("type"));
        invalid("service type unknown", s -> service(s).put("type", "webapp"));
        invalid("service enabled is a string", s -> service(s).put("enabled", "yes"));
        invalid("service needs is a string", s -> service(s).put("needs", "db"));
        invalid("service node is a number", s -> service(s).put("node", 1));
        invalid("service config is a string", s -> service(s).put("config", "image=nginx"));
        invalid("service image at the top level", s -> service(s).put("image", "nginx:1.27"));
        invalid("service unknown field", s -> service(s).put("replicas", 3));
        invalid("port container 0", s -> port(s).put("container", 0));
        invalid("port container 65536", s -> port(s).put("container", 65536));
        invalid("port container missing", s -> port(s).remove("container"));
        invalid("port container is a string", s -> port(s).put("container", "8080"));
        invalid("port host 0", s -> port(s).put("host", 0));
        invalid("port host 70000", s -> port(s).put("host", 70000));
        invalid("port protocol sctp", s -> port(s).put("protocol", "sctp"));
        invalid("port unknown field", s -> port(s).put("name", "http"));
        valid("port container 65535", s -> port(s).put("container", 65535));
        valid("port host 65535", s -> port(s).put("host", 65535));
        invalid("restart policy never", s -> service(s).put("restartPolicy", "never"));
        invalid("environment value is a number", s -> service(s).put("environment", map("WORKERS", 4)));
        invalid("environment secret without secret://", s -> service(s).put("environmentSecrets", map("DB_PASSWORD", "hunter2")));
        invalid("environment secret with another scheme", s -> service(s).put("environmentSecrets", map("DB_PASSWORD", "vault://db")));
        invalid("volume without mountPath", s -> volume(s).remove("mountPath"));
        invalid("volume without name", s -> volume(s).remove("name"));
        invalid("volume type nfs", s -> volume(s).put("type", "nfs"));
        invalid("volume readOnly is a string", s -> volume(s).put("readOnly", "true"));
        invalid("volume unknown field", s -> volume(s).put("size", "10Gi"));
        invalid("proxy tls strict", s -> proxy(s).put("tls", "strict"));
        invalid("proxy enabled is a string", s -> proxy(s).put("enabled", "on"));
        invalid("proxy unknown field", s -> proxy(s).put("path", "/"));
        invalid("internal port is a string", s -> internal(s).put("port", "8080"));
        invalid("internal port fractional", s -> internal(s).put("port", new BigDecimal("8080.5")));
        invalid("internal expose is a string", s -> internal(s).put("expose", "no"));
        invalid("service network unknown field", s -> serviceNetwork(s).put("hostNetwork", true));
        invalid("cpu limit in millicores", s -> serviceResources(s).put("cpuLimit", "500m"));
        invalid("cpu limit is a number", s -> serviceResources(s).put("cpuLimit", 1));
        invalid("memory limit in G", s -> serviceResources(s).put("memoryLimit", "1G"));
        invalid("memory request in Ti", s -> serviceResources(s).put("memoryRequest", "1Ti"));
        invalid("service resources unknown field", s -> serviceResources(s).put("gpu", "1"));

        // --- system ---
        invalid("swap of 1G", s -> at(s, "system").put("swap", "1G"));
        invalid("swap on", s -> at(s, "system").put("swap", "on"));
        invalid("unattended upgrades none", s -> at(s, "system").put("unattendedUpgrades", "none"));
        invalid("packages base is a string", s -> at(s, "system", "packages").put("base", "curl"));
        invalid("packages unknown field", s -> at(s, "system", "packages").put("snap", list("code")));
        invalid("system timezone is a number", s -> at(s, "system").put("timezone", 1));
        invalid("system unknown field", s -> at(s, "system").put("hostname", "nas"));

        // --- security ---
        invalid("sshd port 0", s -> at(s, "security", "ssh").put("port", 0));
        invalid("sshd port 65536", s -> at(s, "security", "ssh").put("port", 65536));
        invalid("sshd maxAuthTries 0", s -> at(s, "security", "ssh").put("maxAuthTries", 0));
        invalid("sshd maxAuthTries 11", s -> at(s, "security", "ssh").put("maxAuthTries", 11));
        valid("sshd maxAuthTries 10", s -> at(s, "security", "ssh").put("maxAuthTries", 10));
        valid("sshd maxAuthTries 1", s -> at(s, "security", "ssh").put("maxAuthTries", 1));
        invalid("sshd permitRootLogin without-password", s -> at(s, "security", "ssh").put("permitRootLogin", "without-password"));
        invalid("sshd passwordAuth is a string", s -> at(s, "security", "ssh").put("passwordAuth", "no"));
        invalid("sshd allowUsers is a string", s -> at(s, "security", "ssh").put("allowUsers", "admin"));
        invalid("firewall backend pf", s -> at(s, "security", "firewall").put("backend", "pf"));
        invalid("firewall defaultInbound reject", s -> at(s, "security", "firewall").put("defaultInbound", "reject"));
        invalid("firewall defaultOutbound block", s -> at(s, "security", "firewall").put("defaultOutbound", "block"));
        invalid("firewall rule port 0", s -> rule(s).put("port", 0));
        invalid("firewall rule port missing", s -> rule(s).remove("port"));
        invalid("firewall rule protocol icmp", s -> rule(s).put("protocol", "icmp"));
        invalid("firewall rule source internet", s -> rule(s).put("source", "internet"));
        invalid("firewall rule source without prefix", s -> rule(s).put("source", "10.0.0.0"));
        invalid("firewall rule unknown field", s -> rule(s).put("action", "allow"));
        valid("firewall rule source CIDR", s -> rule(s).put("source", "10.1.0.0/16"));
        invalid("tls minVersion 1.1", s -> at(s, "security", "tls").put("minVersion", "1.1"));
        invalid("tls minVersion as a number", s -> at(s, "security", "tls").put("minVersion", new BigDecimal("1.3")));
        invalid("tls certSource letsencrypt", s -> at(s, "security", "tls").put("certSource", "letsencrypt"));
        invalid("tls acmeProvider buypass", s -> at(s, "security", "tls").put("acmeProvider", "buypass"));
        invalid("container dropCapabilities is a string", s -> at(s, "security", "container").put("dropCapabilities", "ALL"));
        invalid("secrets backend aws", s -> at(s, "security", "secrets").put("backend", "aws-secrets-manager"));
        invalid("secrets rotationPolicy daily", s -> at(s, "security", "secrets").put("rotationPolicy", "daily"));
        invalid("security unknown field", s -> at(s, "security").put("selinux", true));

        // --- network ---
        invalid("vpn openvpn", s -> at(s, "network").put("vpn", "openvpn"));
        invalid("domain with upper case", s -> at(s, "network").put("domain", "Home.example.com"));
        invalid("domain of one character", s -> at(s, "network").put("domain", "h"));
        invalid("domain starting with a digit", s -> at(s, "network").put("domain", "1lab.example"));
        invalid("dns servers is a string", s -> at(s, "network", "dns").put("servers", "1.1.1.1"));
        invalid("dns unknown field", s -> at(s, "network", "dns").put("timeout", 2));
        invalid("internal subnet without prefix", s -> at(s, "network", "internal").put("subnet", "10.20.0.0"));
        invalid("internal subnet as a word", s -> at(s, "network", "internal").put("subnet", "private"));
        invalid("internal gateway with prefix", s -> at(s, "network", "internal").put("gateway", "10.20.0.1/16"));
        invalid("proxy noProxy is a string", s -> at(s, "network", "proxy").put("noProxy", "localhost"));
        invalid("network unknown field", s -> at(s, "network").put("mtu", 1400));

        // --- identity ---
        invalid("owner without source", s -> owner(s).remove("source"));
        invalid("owner source ldap", s -> owner(s).put("source", "ldap"));
        invalid("owner email is a number", s -> owner(s).put("email", 5));
        invalid("recovery passphraseHashRef with another scheme", s -> at(s, "identity", "recovery").put("passphraseHashRef", "vault://hash"));
        invalid("recovery passphraseHashPresent is a number", s -> at(s, "identity", "recovery").put("passphraseHashPresent", 1));
        valid("identity extension field", s -> at(s, "identity").put("mfa", map("required", true)));
        valid("owner extension field", s -> owner(s).put("phone", "+49 30 1234"));

        // --- observability ---
        invalid("logging driver syslog", s -> at(s, "observability", "logging").put("driver", "syslog"));
        invalid("logging retention in years", s -> at(s, "observability", "logging").put("retention", "1y"));
        invalid("logging retention with a space", s -> at(s, "observability", "logging").put("retention", "7 d"));
        invalid("logging level trace", s -> at(s, "observability", "logging").put("level", "trace"));
        invalid("metrics enabled is a string", s -> at(s, "observability", "metrics").put("enabled", "true"));
        invalid("metrics nodeExporter unknown field", s -> at(s, "observability", "metrics", "nodeExporter").put("port", 9100));
        invalid("health interval in days", s -> at(s, "observability", "health").put("interval", "1d"));
        invalid("health timeout without unit", s -> at(s, "observability", "health").put("timeout", "10"));
        invalid("alerting channel sms", s -> at(s, "observability", "alerting").put("channels", list("email", "sms")));
        invalid("backup schedule daily", s -> at(s, "observability", "backup").put("schedule", "@daily"));
        invalid("backup schedule of four fields", s -> at(s, "observability", "backup").put("schedule", "0 3 * *"));
        invalid("backup retention without unit", s -> at(s, "observability", "backup").put("retention", "30"));
        invalid("backup target type ftp", s -> at(s, "observability", "backup", "target").put("type", "ftp"));
        invalid("backup target unknown field", s -> at(s, "observability", "backup", "target").put("accessKey", "x"));
        invalid("backup include logs", s -> at(s, "observability", "backup").put("include", list("volumes", "logs")));
        invalid("observability unknown field", s -> at(s, "observability").put("tracing", map()));

        // --- intents and metadata ---
        invalid("intent unknown", s -> s.put("intents", list("self-host")));
        invalid("intent is a number", s -> s.put("intents", list(1)));
        invalid("detailed intent without intent", s -> s.put("intents", list(map("priority", "high"))));
        invalid("detailed intent priority urgent", s -> s.put("intents", list(map("intent", "gaming", "priority", "urgent"))));
        invalid("detailed intent unknown field", s -> s.put("intents", list(map("intent", "gaming", "weight", 2))));
        valid("detailed intent with constraints", s -> s.put("intents", list("gaming", map("intent", "smart-home", "constraints", map("zigbee", true)))));
        invalid("metadata environment prod", s -> at(s, "metadata").put("environment", "prod"));
        invalid("metadata created_by api", s -> at(s, "metadata").put("created_by", "api"));
        valid("metadata createdBy in camel case is an extra field", s -> at(s, "metadata").put("createdBy", "api"));
        invalid("metadata tags is a string", s -> at(s, "metadata").put("tags", "home"));
        invalid("metadata owner is a number", s -> at(s, "metadata").put("owner", 7));
        invalid("metadata owner is null", s -> at(s, "metadata").put("owner", null));
        invalid("service enabled is null", s -> service(s).put("enabled", null));
        invalid("node labels value is null", s -> node(s).put("labels", map("zone", null)));
        invalid("taint is null", s -> node(s).put("taints", list("gpu", null)));
        valid("metadata extra field is null", s -> at(s, "metadata").put("note", null));
        valid("service config value is null", s -> at(service(s), "config").put("image", null));
        valid("metadata extra field", s -> at(s, "metadata").put("budget", map("monthly", 25)));
    }

    // --- where a mutation lands; each creates what is missing on the way ---

    @SuppressWarnings("unchecked")
    static Map<String, Object> at(Map<String, Object> spec, String... path) {
        Map<String, Object> current = spec;
        for (String key : path) {
            Object next = current.get(key);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                current.put(key, next);
            }
            current = (Map<String, Object>) next;
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> nodes(Map<String, Object> spec) {
        return (List<Object>) spec.get("nodes");
    }

    /** The last node, so that mutations also reach nodes beyond the first. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> node(Map<String, Object> spec) {
        List<Object> nodes = nodes(spec);
        return (Map<String, Object>) nodes.get(nodes.size() - 1);
    }

    private static void edge(Map<String, Object> spec, String provider) {
        Map<String, Object> node = node(spec);
        node.put("type", "edge");
        node.put("provider", provider);
    }

    private static Map<String, Object> ssh(Map<String, Object> spec) {
        Map<String, Object> ssh = at(node(spec), "ssh");
        ssh.putIfAbsent("host", "192.168.1.20");
        return ssh;
    }

    private static Map<String, Object> resources(Map<String, Object> spec) {
        return at(node(spec), "resources");
    }

    /** The last service; a plain one is added when the document has none. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> service(Map<String, Object> spec) {
        Object services = spec.get("services");
        if (!(services instanceof List<?> list) || list.isEmpty()) {
            List<Object> fresh = new ArrayList<>();
            fresh.add(map("name", "added", "type", "service"));
            spec.put("services", fresh);
            services = fresh;
        }
        List<Object> list = (List<Object>) services;
        return (Map<String, Object>) list.get(list.size() - 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstOf(Map<String, Object> owner, String key, Map<String, Object> fallback) {
        Object value = owner.get(key);
        if (!(value instanceof List<?> list) || list.isEmpty() || !(list.get(0) instanceof Map)) {
            List<Object> fresh = new ArrayList<>();
            fresh.add(fallback);
            owner.put(key, fresh);
            return fallback;
        }
        return (Map<String, Object>) list.get(0);
    }

    private static Map<String, Object> port(Map<String, Object> spec) {
        return firstOf(service(spec), "ports", map("container", 8443, "host", 30443));
    }

    private static Map<String, Object> volume(Map<String, Object> spec) {
        return firstOf(service(spec), "volumes", map("name", "data", "mountPath", "/data"));
    }

    private static Map<String, Object> serviceNetwork(Map<String, Object> spec) {
        return at(service(spec), "network");
    }

    private static Map<String, Object> proxy(Map<String, Object> spec) {
        return at(service(spec), "network", "proxy");
    }

    private static Map<String, Object> internal(Map<String, Object> spec) {
        return at(service(spec), "network", "internal");
    }

    private static Map<String, Object> serviceResources(Map<String, Object> spec) {
        return at(service(spec), "resources");
    }

    private static Map<String, Object> rule(Map<String, Object> spec) {
        return firstOf(at(spec, "security", "firewall"), "rules", map("port", 51820, "protocol", "udp"));
    }

    private static Map<String, Object> owner(Map<String, Object> spec) {
        Map<String, Object> owner = at(spec, "identity", "owner");
        owner.putIfAbsent("source", "local");
        return owner;
    }
}
