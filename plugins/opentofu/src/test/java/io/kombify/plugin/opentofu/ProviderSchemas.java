package io.kombify.plugin.opentofu;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The arguments (with their value types), nested blocks (with how many of each a body may have)
 * and exported attributes of the resource types, provider configurations and provisioners the
 * exporter writes, as their documentation gives them: hetznercloud/hcloud
 * ({@code docs/resources/*.md}: server, ssh_key, network, network_subnet, firewall, primary_ip;
 * the server's {@code network} block from {@code internal/server/resource.go}), kreuzwerker/docker
 * ({@code docs/resources/*.md}: container, image, network, volume; {@code docs/index.md} for the
 * provider) and OpenTofu's {@code remote-exec} provisioner and its {@code connection} block.
 * Argument lists are complete enough that a misspelt or invented argument is caught; they are not
 * every argument the providers have.
 */
final class ProviderSchemas {

    /** A value's type as the schema gives it; {@code ANY} where the documentation and the schema disagree. */
    enum Kind {
        STRING, NUMBER, BOOL, LIST, MAP, ANY;

        String article() {
            return switch (this) {
                case STRING -> "a string";
                case NUMBER -> "a number";
                case BOOL -> "a boolean";
                case LIST -> "a list";
                case MAP -> "a map";
                case ANY -> "any value";
            };
        }
    }

    /**
     * A block's schema: its arguments and their types, the required ones, its nested blocks, how
     * many times it may appear in its parent (0: no limit), and what references may read.
     */
    record Schema(Map<String, Kind> arguments, Set<String> required, Map<String, Schema> blocks, int maxItems,
                  Set<String> attributes) {

        /**
         * A schema from argument specs: {@code name} (a string), {@code name!} (required),
         * {@code name:number}, {@code name:bool}, {@code name:list}, {@code name:map}, {@code name:any}.
         */
        static Schema of(String... specs) {
            Map<String, Kind> arguments = new LinkedHashMap<>();
            Set<String> required = new LinkedHashSet<>();
            for (String spec : specs) {
                String name = spec;
                Kind kind = Kind.STRING;
                int colon = spec.indexOf(':');
                if (colon > 0) {
                    name = spec.substring(0, colon);
                    kind = Kind.valueOf(spec.substring(colon + 1).toUpperCase(java.util.Locale.ROOT));
                }
                if (name.endsWith("!")) {
                    name = name.substring(0, name.length() - 1);
                    required.add(name);
                }
                arguments.put(name, kind);
            }
            return new Schema(arguments, required, Map.of(), 0, Set.of());
        }

        Schema withBlocks(Map<String, Schema> nested) {
            return new Schema(arguments, required, nested, maxItems, attributes);
        }

        Schema atMost(int max) {
            return new Schema(arguments, required, blocks, max, attributes);
        }

        Schema withAttributes(Set<String> exported) {
            return new Schema(arguments, required, blocks, maxItems, exported);
        }
    }

    static final Schema LABELS = Schema.of("label!", "value!");

    /** A provisioner's {@code connection} block. */
    static final Schema CONNECTION = Schema.of("type", "host!", "user", "password", "private_key", "certificate",
            "agent:bool", "agent_identity", "host_key", "port:number", "timeout", "target_platform", "script_path",
            "bastion_host", "bastion_user", "bastion_private_key", "bastion_port:number").atMost(1);

    /** The provisioners by type; each may carry its own {@code connection}. */
    static final Map<String, Schema> PROVISIONERS = Map.of(
            "remote-exec", Schema.of("inline:list", "script", "scripts:list", "when", "on_failure")
                    .withBlocks(Map.of("connection", CONNECTION)));

    static final Map<String, Schema> RESOURCES = Map.ofEntries(
            Map.entry("hcloud_server", Schema.of("name!", "server_type!", "image!", "location", "datacenter",
                            "user_data", "ssh_keys:list", "keep_disk:bool", "iso", "rescue", "labels:map", "backups:bool",
                            "firewall_ids:list", "ignore_remote_firewall_ids:bool", "placement_group_id:any",
                            "delete_protection:bool", "rebuild_protection:bool", "allow_deprecated_images:bool",
                            "shutdown_before_deletion:bool")
                    .withBlocks(Map.of(
                            "network", Schema.of("network_id!:number", "ip", "alias_ips:list", "mac_address"),
                            "public_net", Schema.of("ipv4_enabled:bool", "ipv4:number", "ipv6_enabled:bool", "ipv6:number")))
                    .withAttributes(Set.of("id", "name", "ipv4_address", "ipv6_address", "ipv6_network", "status",
                            "primary_disk_size"))),
            Map.entry("hcloud_ssh_key", Schema.of("name!", "public_key!", "labels:map")
                    .withAttributes(Set.of("id", "name", "fingerprint", "public_key"))),
            Map.entry("hcloud_network", Schema.of("name!", "ip_range!", "labels:map", "delete_protection:bool",
                            "expose_routes_to_vswitch:bool")
                    .withAttributes(Set.of("id", "name", "ip_range"))),
            Map.entry("hcloud_network_subnet", Schema.of("network_id!:number", "type!", "ip_range!", "network_zone!",
                            "vswitch_id:number")
                    .withAttributes(Set.of("id", "network_id", "ip_range", "gateway"))),
            Map.entry("hcloud_firewall", Schema.of("name", "labels:map")
                    .withBlocks(Map.of(
                            "rule", Schema.of("direction!", "protocol!", "port", "source_ips:list", "destination_ips:list",
                                    "description"),
                            "apply_to", Schema.of("label_selector", "server:number")))
                    .withAttributes(Set.of("id", "name"))),
            Map.entry("hcloud_primary_ip", Schema.of("type!", "name", "datacenter", "location", "auto_delete!:bool",
                            "labels:map", "assignee_id:number", "assignee_type!", "delete_protection:bool")
                    .withAttributes(Set.of("id", "ip_address", "ip_network", "name"))),
            Map.entry("docker_container", Schema.of("name!", "image!", "attach:bool", "cgroup_parent", "cgroupns_mode",
                            "command:list", "container_read_refresh_timeout_milliseconds:number", "cpu_period:number",
                            "cpu_quota:number", "cpu_set", "cpu_shares:number", "cpus", "destroy_grace_seconds:number",
                            "dns:list", "dns_opts:list", "dns_search:list", "domainname", "entrypoint:list", "env:list",
                            "gpus", "group_add:list", "hostname", "init:bool", "ipc_mode", "log_driver", "log_opts:map",
                            "logs:bool", "max_retry_count:number", "memory:number", "memory_reservation:number",
                            "memory_swap:number", "must_run:bool", "network_mode", "pid_mode", "privileged:bool",
                            "publish_all_ports:bool", "read_only:bool", "remove_volumes:bool", "restart", "rm:bool",
                            "runtime", "security_opts:list", "shm_size:number", "start:bool", "stdin_open:bool",
                            "stop_signal", "stop_timeout:number", "storage_opts:map", "sysctls:map", "tmpfs:map", "tty:bool",
                            "user", "userns_mode", "wait:bool", "wait_timeout:number", "working_dir")
                    .withBlocks(Map.of(
                            "ports", Schema.of("internal!:number", "external:number", "ip", "protocol"),
                            "volumes", Schema.of("container_path", "from_container", "host_path", "read_only:bool",
                                    "volume_name"),
                            "mounts", Schema.of("target!", "type!", "read_only:bool", "source"),
                            "labels", LABELS,
                            "networks_advanced", Schema.of("name!", "aliases:list", "ipv4_address", "ipv6_address",
                                    "mac_address"),
                            "capabilities", Schema.of("add:list", "drop:list").atMost(1),
                            "healthcheck", Schema.of("test!:list", "interval", "retries:number", "start_interval",
                                    "start_period", "timeout").atMost(1)))
                    .withAttributes(Set.of("id", "name", "bridge", "network_data", "exit_code"))),
            Map.entry("docker_image", Schema.of("name!", "keep_locally:bool", "force_remove:bool", "platform",
                            "pull_triggers:list", "triggers:map")
                    .withAttributes(Set.of("id", "image_id", "name", "repo_digest"))),
            Map.entry("docker_network", Schema.of("name!", "attachable:bool", "driver", "ingress:bool", "internal:bool",
                            "ipam_driver", "ipam_options:map", "ipv6:bool", "options:map")
                    .withBlocks(Map.of("labels", LABELS, "ipam_config",
                            Schema.of("aux_address:map", "gateway", "ip_range", "subnet")))
                    .withAttributes(Set.of("id", "name", "scope"))),
            Map.entry("docker_volume", Schema.of("name", "driver", "driver_opts:map")
                    .withBlocks(Map.of("labels", LABELS))
                    .withAttributes(Set.of("id", "name", "mountpoint"))));

    static final Map<String, Schema> PROVIDERS = Map.of(
            "docker", Schema.of("host", "ssh_opts:list", "ca_material", "cert_material", "cert_path", "key_material"),
            "hcloud", Schema.of("token", "endpoint", "poll_interval", "poll_function"));

    /** The sources of the providers' local names, as required_providers must give them. */
    static final Map<String, String> SOURCES = Map.of("docker", "kreuzwerker/docker", "hcloud", "hetznercloud/hcloud");

    private ProviderSchemas() {
    }
}
