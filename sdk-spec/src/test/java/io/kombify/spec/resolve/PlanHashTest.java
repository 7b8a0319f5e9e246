package io.kombify.spec.resolve;

import io.kombify.spec.ResolvedSpec;
import org.junit.jupiter.api.Test;

import static io.kombify.spec.resolve.SpecResolverTest.resolve;
import static org.assertj.core.api.Assertions.assertThat;

class PlanHashTest {
    private static final String BASE = """
            name: lab
            nodes:
              - name: server
                type: main
                provider: local
                ssh: {host: 192.168.1.10}
                resources: {cpu: 8, memory: 16Gi, disk: 500Gi}
                labels: {zone: closet, disk: ssd}
            services:
              - name: app
                type: custom
                config: {image: "ghcr.io/me/app:1", replicas: 2, nested: {b: 1, a: 2}}
                ports: [{container: 8080, host: 18080}]
                resources: {memoryLimit: 1Gi}
                environment: {B: "2", A: "1"}
            """;

    @Test
    void planHashIsAHexSha256AndStable() {
        String hash = resolve(BASE).planHash();
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(resolve(BASE).planHash()).isEqualTo(hash);
    }

    @Test
    void keyOrderDoesNotChangeThePlanHash() {
        String reordered = """
                services:
                  - environment: {A: "1", B: "2"}
                    resources: {memoryLimit: 1Gi}
                    ports: [{host: 18080, container: 8080}]
                    config: {nested: {a: 2, b: 1}, replicas: 2, image: "ghcr.io/me/app:1"}
                    type: custom
                    name: app
                nodes:
                  - labels: {disk: ssd, zone: closet}
                    resources: {disk: 500Gi, memory: 16Gi, cpu: 8}
                    ssh: {host: 192.168.1.10}
                    provider: local
                    type: main
                    name: server
                name: lab
                """;
        assertThat(resolve(reordered).planHash()).isEqualTo(resolve(BASE).planHash());
    }

    @Test
    void quantitiesAreComparedByValue() {
        String other = BASE.replace("memory: 16Gi", "memory: 16384Mi").replace("memoryLimit: 1Gi", "memoryLimit: 1024Mi");
        assertThat(other).isNotEqualTo(BASE);
        assertThat(resolve(other).planHash()).isEqualTo(resolve(BASE).planHash());
    }

    @Test
    void spellingOutADefaultDoesNotChangeThePlanHash() {
        String explicit = """
                name: lab
                version: "1.0"
                kit: base-homelab
                nodes:
                  - name: server
                    type: main
                    provider: local
                    ssh: {host: 192.168.1.10, port: 22, user: ubuntu}
                    resources: {cpu: 8, memory: 16Gi, disk: 500Gi}
                    labels: {zone: closet, disk: ssd}
                services:
                  - name: app
                    type: custom
                    enabled: true
                    restartPolicy: unless-stopped
                    config: {image: "ghcr.io/me/app:1", replicas: 2, nested: {b: 1, a: 2}}
                    ports: [{container: 8080, host: 18080, protocol: tcp}]
                    resources: {memoryLimit: 1Gi, cpuLimit: "1.0"}
                    environment: {B: "2", A: "1"}
                network:
                  vpn: none
                  domain: local
                  dns: {servers: [1.1.1.1, 8.8.8.8]}
                security:
                  ssh: {port: 22, passwordAuth: false, permitRootLogin: "no", maxAuthTries: 3}
                  firewall: {enabled: true, backend: ufw, defaultInbound: deny, defaultOutbound: allow}
                  tls: {minVersion: "1.2", certSource: acme, acmeProvider: letsencrypt}
                  container: {readOnlyRootfs: false, noNewPrivileges: true}
                  secrets: {backend: file, rotationPolicy: manual}
                observability:
                  logging: {driver: journald, retention: 7d, level: info}
                  metrics: {enabled: false}
                  health: {enabled: true, interval: 30s, timeout: 10s}
                  alerting: {enabled: false}
                  backup: {enabled: false, schedule: "0 3 * * *", retention: 30d, include: [volumes, configs]}
                system:
                  timezone: UTC
                  locale: en_US.UTF-8
                  swap: disabled
                  unattendedUpgrades: security
                """;
        assertThat(resolve(explicit).planHash()).isEqualTo(resolve(BASE).planHash());
    }

    @Test
    void smartDefaultsWrittenOutAreTheSameAsAbsentResources() {
        String absent = "name: lab\nnodes:\n  - {name: server, type: main, provider: local}\n";
        String written = "name: lab\nnodes:\n  - {name: server, type: main, provider: local, resources: {cpu: 4, memory: 4096Mi, disk: 50Gi}}\n";
        assertThat(resolve(written).planHash()).isEqualTo(resolve(absent).planHash());
    }

    @Test
    void aRealChangeChangesThePlanHash() {
        String base = resolve(BASE).planHash();
        assertThat(resolve(BASE.replace("host: 18080", "host: 18081")).planHash()).isNotEqualTo(base);
        assertThat(resolve(BASE.replace("app:1", "app:2")).planHash()).isNotEqualTo(base);
        assertThat(resolve(BASE.replace("cpu: 8", "cpu: 7")).planHash()).isNotEqualTo(base);
        assertThat(resolve(BASE.replace("A: \"1\"", "A: \"one\"")).planHash()).isNotEqualTo(base);
        assertThat(resolve(BASE.replace("nested: {b: 1, a: 2}", "nested: {b: 1, a: 3}")).planHash()).isNotEqualTo(base);
        assertThat(resolve(BASE + "network: {vpn: headscale}\n").planHash()).isNotEqualTo(base);
    }

    @Test
    void theKitIsPartOfThePlanHash() {
        ResolvedSpec r = resolve(BASE);
        assertThat(resolve(BASE.replace("name: lab", "name: lab\nkit: cloud-kit")).planHash()).isNotEqualTo(r.planHash());
    }

    @Test
    void everyPartOfTheSpecTakesPartInTheHash() {
        String full = """
                name: lab
                nodes:
                  - {name: server, type: main, provider: local, ssh: {host: 10.0.0.2, key_path: ~/.ssh/id}}
                services:
                  - name: app
                    type: custom
                    config: {image: "x:1"}
                    volumes: [{name: data, mountPath: /data, hostPath: /srv/data, type: bind}]
                    network:
                      proxy: {domain: app.example.com, middlewares: [auth]}
                      internal: {expose: true, port: 8080}
                    environmentSecrets: {TOKEN: "secret://token"}
                identity:
                  owner: {source: local, email: owner@example.com}
                intents:
                  - media-server
                  - {intent: self-hosted, priority: high, features: [photos]}
                metadata:
                  owner: me
                  project: home
                  tags: [lab]
                """;
        String base = resolve(full).planHash();
        assertThat(resolve(full.replace("  - media-server", "  - {intent: media-server, priority: medium}")).planHash())
                .as("a simple intent is a detailed one with medium priority").isEqualTo(base);
        assertThat(resolve(full.replace("  project: home", "  project: home\n  environment: production")).planHash())
                .as("metadata defaults").isEqualTo(base);
        assertThat(resolve(full.replace("middlewares: [auth]", "middlewares: [auth, gzip]")).planHash()).isNotEqualTo(base);
        assertThat(resolve(full.replace("owner@example.com", "other@example.com")).planHash()).isNotEqualTo(base);
        assertThat(resolve(full.replace("priority: high", "priority: low")).planHash()).isNotEqualTo(base);
        assertThat(resolve(full.replace("hostPath: /srv/data", "hostPath: /srv/other")).planHash()).isNotEqualTo(base);
        assertThat(resolve(full.replace("key_path: ~/.ssh/id", "key_path: ~/.ssh/other")).planHash()).isNotEqualTo(base);
        assertThat(resolve(full.replace("tags: [lab]", "tags: [lab, home]")).planHash()).isNotEqualTo(base);
    }
}
