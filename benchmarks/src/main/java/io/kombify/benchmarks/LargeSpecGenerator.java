package io.kombify.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes large, valid {@code kombination.yaml} documents the way a fleet operator would: a few
 * main nodes, many workers at home and in several clouds, edge devices, and services grouped
 * into applications (a database and cache behind each app, monitoring stacks, smart-home
 * hubs), with ports, volumes, secrets, proxy routes and dependencies. Every fifth application
 * is left without a {@code node} so the resolver has to place it. Use it to benchmark or
 * soak-test anything that consumes specs; the output depends only on the two sizes.
 *
 * <p>Run {@code java -cp benchmarks.jar io.kombify.benchmarks.LargeSpecGenerator 100 1000 > big.yaml}
 * to get one as a file.
 */
public final class LargeSpecGenerator {

    /** The large sample of the performance targets: 100 nodes, 1,000 services. */
    public static final int LARGE_NODES = 100;
    public static final int LARGE_SERVICES = 1_000;

    private static final String DOMAIN = "fleet.example.net";

    private record Shape(int cpu, String memory, String disk) {
    }

    /** One container of an application; {@code needs} name earlier components of the same app. */
    private record Component(String suffix, String type, String image, int containerPort, String protocol,
                             boolean hostPort, boolean proxied, String memoryLimit, String cpuLimit,
                             String volumePath, List<String> needs, List<String> env, List<String> secrets) {
    }

    private record App(String name, boolean edge, List<Component> components) {
    }

    private static final Shape[] HOME_SHAPES = {
        new Shape(8, "32Gi", "1Ti"), new Shape(4, "16Gi", "500Gi"), new Shape(16, "64Gi", "2Ti"),
        new Shape(6, "32Gi", "4Ti"), new Shape(12, "48Gi", "1Ti"),
    };
    private static final Shape[] CLOUD_SHAPES = {
        new Shape(4, "8Gi", "160Gi"), new Shape(8, "16Gi", "240Gi"), new Shape(16, "32Gi", "360Gi"),
    };
    /** Small enough to draw the kit's "below recommended" warning, still above its minimum. */
    private static final Shape SMALL = new Shape(2, "4Gi", "80Gi");
    private static final Shape PI = new Shape(4, "8Gi", "128Gi");

    private static final String[] CLOUD_PROVIDERS = {"hetzner", "aws", "digitalocean", "gcp", "azure", "ionos"};
    private static final String[] HOME_PROVIDERS = {"local", "proxmox", "local", "docker"};
    private static final String[] CLOUD_SITES = {"fsn1", "nbg1", "hel1", "eu-central-1", "fra1", "europe-west3"};

    private static final List<App> APPS = List.of(
            new App("nextcloud", false, List.of(
                    postgres(),
                    cache("redis", "redis:7.4-alpine"),
                    new Component("app", "storage", "nextcloud:31-apache", 80, "tcp", true, true, "4Gi", "2.0",
                            "/var/www/html", List.of("db", "redis"),
                            List.of("POSTGRES_DB=nextcloud", "REDIS_HOST=redis"), List.of("POSTGRES_PASSWORD=db-password")),
                    new Component("cron", "backend", "nextcloud:31-apache", 9000, "tcp", false, false, "512Mi", "0.5",
                            null, List.of("app"), List.of("CRON_INTERVAL=5m"), List.of()))),
            new App("gitea", false, List.of(
                    postgres(),
                    new Component("app", "development", "gitea/gitea:1.24", 3000, "tcp", true, true, "2Gi", "2.0",
                            "/data", List.of("db"), List.of("GITEA__database__DB_TYPE=postgres"),
                            List.of("GITEA__database__PASSWD=db-password")),
                    new Component("runner", "development", "gitea/act_runner:0.2.12", 8088, "tcp", false, false, "1Gi", "2.0",
                            "/data", List.of("app"), List.of("GITEA_INSTANCE_URL=https://git." + DOMAIN),
                            List.of("GITEA_RUNNER_REGISTRATION_TOKEN=runner-token")))),
            new App("immich", false, List.of(
                    postgres(),
                    cache("valkey", "valkey/valkey:8-alpine"),
                    new Component("server", "media", "ghcr.io/immich-app/immich-server:v1.140.1", 2283, "tcp", true, true,
                            "4Gi", "4.0", "/usr/src/app/upload", List.of("db", "valkey"),
                            List.of("DB_HOSTNAME=db", "REDIS_HOSTNAME=valkey"), List.of("DB_PASSWORD=db-password")),
                    new Component("ml", "service", "ghcr.io/immich-app/immich-machine-learning:v1.140.1", 3003, "tcp",
                            false, false, "6Gi", "4.0", "/cache", List.of(), List.of("MACHINE_LEARNING_WORKERS=1"), List.of()))),
            new App("paperless", false, List.of(
                    postgres(),
                    cache("redis", "redis:7.4-alpine"),
                    new Component("gotenberg", "backend", "gotenberg/gotenberg:8", 3000, "tcp", false, false, "1Gi", "1.0",
                            null, List.of(), List.of("CHROMIUM_DISABLE_JAVASCRIPT=true"), List.of()),
                    new Component("tika", "backend", "apache/tika:3.2.2.0", 9998, "tcp", false, false, "1Gi", "1.0",
                            null, List.of(), List.of(), List.of()),
                    new Component("web", "service", "ghcr.io/paperless-ngx/paperless-ngx:2.18", 8000, "tcp", true, true,
                            "2Gi", "2.0", "/usr/src/paperless/data", List.of("db", "redis", "gotenberg", "tika"),
                            List.of("PAPERLESS_OCR_LANGUAGE=deu+eng"), List.of("PAPERLESS_SECRET_KEY=secret-key")))),
            new App("metrics", false, List.of(
                    new Component("prometheus", "monitoring", "prom/prometheus:v3.5.0", 9090, "tcp", false, false, "4Gi", "2.0",
                            "/prometheus", List.of(), List.of(), List.of()),
                    new Component("loki", "monitoring", "grafana/loki:3.5", 3100, "tcp", false, false, "2Gi", "1.0",
                            "/loki", List.of(), List.of(), List.of()),
                    new Component("grafana", "monitoring", "grafana/grafana-oss:12.1.1", 3000, "tcp", true, true, "512Mi", "1.0",
                            "/var/lib/grafana", List.of("prometheus", "loki"), List.of("GF_AUTH_ANONYMOUS_ENABLED=false"),
                            List.of("GF_SECURITY_ADMIN_PASSWORD=grafana-admin")))),
            new App("smarthome", true, List.of(
                    new Component("mqtt", "queue", "eclipse-mosquitto:2.0.22", 1883, "tcp", true, false, "128Mi", "0.5",
                            "/mosquitto/data", List.of(), List.of(), List.of("MQTT_PASSWORD=mqtt-password")),
                    new Component("zigbee", "automation", "koenkk/zigbee2mqtt:2.6.0", 8080, "tcp", false, false, "256Mi", "0.5",
                            "/app/data", List.of("mqtt"), List.of("TZ=Europe/Berlin"), List.of()),
                    new Component("hass", "automation", "ghcr.io/home-assistant/home-assistant:2025.9", 8123, "tcp", true, true,
                            "2Gi", "2.0", "/config", List.of("mqtt"), List.of("TZ=Europe/Berlin"), List.of()))),
            new App("jellyfin", false, List.of(
                    new Component("server", "media", "jellyfin/jellyfin:10.10.7", 8096, "tcp", true, true, "8Gi", "6.0",
                            "/config", List.of(), List.of(), List.of()),
                    new Component("discovery", "media", "jellyfin/jellyfin:10.10.7", 7359, "udp", true, false, "64Mi", "0.1",
                            null, List.of("server"), List.of(), List.of()),
                    new Component("requests", "media", "fallenbagel/jellyseerr:2.7.3", 5055, "tcp", false, true, "512Mi", "0.5",
                            "/app/config", List.of("server"), List.of(), List.of()))),
            new App("vault", false, List.of(
                    new Component("vaultwarden", "auth", "vaultwarden/server:1.34.3", 80, "tcp", true, true, "256Mi", "0.5",
                            "/data", List.of(), List.of("SIGNUPS_ALLOWED=false"), List.of("ADMIN_TOKEN=admin-token")),
                    new Component("backup", "backup", "restic/restic:0.18.0", 8000, "tcp", false, false, "512Mi", "0.5",
                            null, List.of("vaultwarden"), List.of("RESTIC_REPOSITORY=s3:s3.example.net/vault"),
                            List.of("RESTIC_PASSWORD=restic-password")))),
            new App("tools", false, List.of(
                    new Component("api", "custom", "ghcr.io/example/inventory-api:2.3.1", 8080, "tcp", true, true, "512Mi", "1.0",
                            null, List.of(), List.of("LOG_FORMAT=json"), List.of("API_TOKEN=api-token")),
                    new Component("queue", "queue", "rabbitmq:4.1-management", 5672, "tcp", false, false, "1Gi", "1.0",
                            "/var/lib/rabbitmq", List.of(), List.of(), List.of("RABBITMQ_DEFAULT_PASS=rabbit-password")),
                    new Component("worker", "backend", "ghcr.io/example/inventory-worker:2.3.1", 8081, "tcp", false, false,
                            "1Gi", "1.0", null, List.of("api", "queue"), List.of("CONCURRENCY=4"), List.of()))));

    private LargeSpecGenerator() {
    }

    /**
     * A valid spec with exactly {@code nodes} nodes and {@code services} services, as UTF-8 YAML.
     *
     * @param nodes    at least 2 (a main node and a worker)
     * @param services at least 0
     */
    public static byte[] generate(int nodes, int services) {
        return yaml(nodes, services).getBytes(StandardCharsets.UTF_8);
    }

    /** The same document as {@link #generate(int, int)}, as text. */
    public static String yaml(int nodes, int services) {
        if (nodes < 2 || services < 0) {
            throw new IllegalArgumentException("need at least 2 nodes and 0 services, got " + nodes + " and " + services);
        }
        StringBuilder y = new StringBuilder(services * 700 + nodes * 300);
        y.append("# A fleet of ").append(nodes).append(" nodes and ").append(services).append(" services.\n")
                .append("name: fleet-").append(nodes).append('-').append(services).append('\n')
                .append("version: \"1.0\"\n")
                .append("kit: modern-homelab\n\n")
                .append("nodes:\n");
        List<String> appNodes = new ArrayList<>();
        List<String> edgeNodes = new ArrayList<>();
        int mains = Math.max(1, nodes / 30);
        int edges = nodes / 5;
        for (int i = 0; i < nodes; i++) {
            String name;
            if (i < mains) {
                name = "main-" + pad(i + 1);
                node(y, name, "main", i % 2 == 0 ? "local" : "hetzner", i, HOME_SHAPES[i % HOME_SHAPES.length]);
                appNodes.add(name);
            } else if (i < mains + edges) {
                name = "edge-" + pad(i + 1);
                node(y, name, "edge", i % 3 == 0 ? "docker" : "local", i, PI);
                edgeNodes.add(name);
            } else {
                name = "worker-" + pad(i + 1);
                // Every third worker is a cloud VPS; i / 3 walks the clouds and their sizes.
                boolean cloud = i % 3 == 0;
                String provider = cloud ? CLOUD_PROVIDERS[i / 3 % CLOUD_PROVIDERS.length] : HOME_PROVIDERS[i % HOME_PROVIDERS.length];
                Shape shape = i % 10 == 7 ? SMALL
                        : cloud ? CLOUD_SHAPES[i / 3 % CLOUD_SHAPES.length] : HOME_SHAPES[i % HOME_SHAPES.length];
                node(y, name, "worker", provider, i, shape);
                appNodes.add(name);
            }
        }
        if (edgeNodes.isEmpty()) {
            edgeNodes = appNodes;
        }

        y.append("\nservices:\n");
        int written = 0;
        int hostPort = 20_000;
        for (int group = 0; written < services; group++) {
            App app = APPS.get(group % APPS.size());
            List<String> pool = app.edge() ? edgeNodes : appNodes;
            // Every fifth application is left for the resolver to place.
            String node = group % 5 == 4 ? null : pool.get(group % pool.size());
            String prefix = app.name() + "-" + pad(group + 1);
            y.append("  # ").append(app.name()).append(" #").append(group + 1).append('\n');
            for (Component c : app.components()) {
                if (written == services) {
                    break;
                }
                // Now and then a leaf is switched off, as people do while trying things out.
                boolean disabled = written % 53 == 52 && !isNeeded(app, c);
                service(y, prefix, c, node, c.hostPort() ? hostPort++ : 0, disabled);
                written++;
            }
        }

        y.append("""

                system:
                  timezone: Europe/Berlin
                  unattendedUpgrades: security
                  packages:
                    extra: [htop, jq]

                security:
                  ssh:
                    passwordAuth: false
                    permitRootLogin: prohibit-password
                    maxAuthTries: 3
                  firewall:
                    enabled: true
                    backend: nftables
                    defaultInbound: deny
                    rules:
                      - port: 443
                      - port: 80
                      - port: 41641
                        protocol: udp
                        comment: WireGuard between tailnet nodes
                      - port: 22
                        source: vpn
                  tls:
                    minVersion: "1.3"
                    acmeEmail: ops@fleet.example.net
                  container:
                    noNewPrivileges: true
                    dropCapabilities: [NET_RAW, SYS_ADMIN]

                network:
                  vpn: headscale
                  domain: fleet.example.net
                  dns:
                    servers: [1.1.1.1, 9.9.9.9]
                  internal:
                    subnet: 10.64.0.0/10
                    gateway: 10.64.0.1

                observability:
                  logging:
                    driver: loki
                    retention: 30d
                  metrics:
                    enabled: true
                    cadvisor:
                      enabled: true
                  alerting:
                    enabled: true
                    channels: [email, slack]
                  backup:
                    enabled: true
                    schedule: "0 2 * * *"
                    retention: 8w
                    target:
                      type: s3
                      bucket: fleet-backups
                      region: eu-central-1
                    include: [volumes, configs, databases]

                intents:
                  - self-hosted
                  - intent: high-availability
                    priority: high

                metadata:
                  owner: platform-team
                  environment: production
                  created_by: import
                  tags: [fleet, generated]
                """);
        return y.toString();
    }

    private static boolean isNeeded(App app, Component c) {
        return app.components().stream().anyMatch(o -> o.needs().contains(c.suffix()));
    }

    private static void node(StringBuilder y, String name, String type, String provider, int i, Shape shape) {
        boolean cloud = !provider.equals("local") && !provider.equals("docker") && !provider.equals("proxmox");
        y.append("  - name: ").append(name).append('\n')
                .append("    type: ").append(type).append('\n')
                .append("    provider: ").append(provider).append('\n')
                .append("    ssh:\n");
        if (cloud) {
            y.append("      host: ").append(name).append('.').append(CLOUD_SITES[i / 3 % CLOUD_SITES.length]).append(".example.net\n")
                    .append("      user: root\n");
        } else {
            y.append("      host: 10.").append(64 + i / 62_500 % 64).append('.').append(i / 250 % 250).append('.')
                    .append(i % 250 + 1).append('\n')
                    .append("      user: ops\n");
        }
        if (i % 4 == 0) {
            y.append("      key_path: ~/.ssh/fleet_ed25519\n");
        }
        y.append("    resources:\n")
                .append("      cpu: ").append(shape.cpu()).append('\n')
                .append("      memory: ").append(shape.memory()).append('\n')
                .append("      disk: ").append(shape.disk()).append('\n')
                .append("    labels:\n")
                .append("      site: ").append(cloud ? CLOUD_SITES[i / 3 % CLOUD_SITES.length] : "home-" + (i % 3 + 1)).append('\n')
                .append("      disk: ").append(i % 2 == 0 ? "nvme" : "ssd").append('\n');
        if (type.equals("edge")) {
            y.append("      arch: arm64\n");
            if (i % 4 == 1) {
                y.append("    taints: [edge-only]\n");
            }
        } else if (i % 7 == 0) {
            y.append("      gpu: intel-quicksync\n");
        }
    }

    private static void service(StringBuilder y, String prefix, Component c, String node, int hostPort, boolean disabled) {
        String name = prefix + "-" + c.suffix();
        y.append("  - name: ").append(name).append('\n')
                .append("    type: ").append(c.type()).append('\n');
        if (node != null) {
            y.append("    node: ").append(node).append('\n');
        }
        if (disabled) {
            y.append("    enabled: false\n");
        }
        if (!c.needs().isEmpty()) {
            y.append("    needs: [");
            for (int i = 0; i < c.needs().size(); i++) {
                y.append(i == 0 ? "" : ", ").append(prefix).append('-').append(c.needs().get(i));
            }
            y.append("]\n");
        }
        y.append("    config:\n")
                .append("      image: ").append(c.image()).append('\n');
        if (hostPort > 0) {
            y.append("    ports:\n")
                    .append("      - container: ").append(c.containerPort()).append('\n')
                    .append("        host: ").append(hostPort).append('\n');
            if (!c.protocol().equals("tcp")) {
                y.append("        protocol: ").append(c.protocol()).append('\n');
            }
        }
        if (c.proxied()) {
            y.append("    network:\n")
                    .append("      proxy:\n")
                    .append("        domain: ").append(name).append('.').append(DOMAIN).append('\n');
        } else if (!c.type().equals("backend")) {
            y.append("    network:\n")
                    .append("      internal:\n")
                    .append("        expose: true\n")
                    .append("        port: ").append(c.containerPort()).append('\n');
        }
        y.append("    resources:\n")
                .append("      cpuLimit: \"").append(c.cpuLimit()).append("\"\n")
                .append("      memoryLimit: ").append(c.memoryLimit()).append('\n');
        if (c.volumePath() != null) {
            y.append("    volumes:\n")
                    .append("      - name: ").append(name).append("-data\n")
                    .append("        mountPath: ").append(c.volumePath()).append('\n');
        }
        if (!c.env().isEmpty()) {
            y.append("    environment:\n");
            for (String e : c.env()) {
                int eq = e.indexOf('=');
                // Quoted, as environment values are text even when they look like numbers or booleans.
                y.append("      ").append(e, 0, eq).append(": \"").append(e.substring(eq + 1)).append("\"\n");
            }
        }
        if (!c.secrets().isEmpty()) {
            y.append("    environmentSecrets:\n");
            for (String s : c.secrets()) {
                int eq = s.indexOf('=');
                y.append("      ").append(s, 0, eq).append(": secret://").append(prefix).append('-').append(s.substring(eq + 1)).append('\n');
            }
        }
    }

    private static Component postgres() {
        return new Component("db", "database", "postgres:17-alpine", 5432, "tcp", false, false, "2Gi", "2.0",
                "/var/lib/postgresql/data", List.of(), List.of("POSTGRES_USER=app"), List.of("POSTGRES_PASSWORD=db-password"));
    }

    private static Component cache(String suffix, String image) {
        return new Component(suffix, "cache", image, 6379, "tcp", false, false, "256Mi", "0.5", null,
                List.of(), List.of(), List.of());
    }

    private static String pad(int n) {
        return String.format("%04d", n);
    }

    /** Writes {@code generate(nodes, services)} to standard output. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: LargeSpecGenerator NODES SERVICES");
            System.exit(2);
        }
        OutputStream out = System.out;
        out.write(generate(Integer.parseInt(args[0]), Integer.parseInt(args[1])));
        out.flush();
    }
}
