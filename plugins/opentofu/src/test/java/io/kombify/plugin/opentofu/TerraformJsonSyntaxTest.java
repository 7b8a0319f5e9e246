package io.kombify.plugin.opentofu;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.deploy.spi.ExportRequest;
import io.kombify.deploy.spi.ExportResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exported files of every sample spec, read back and checked against OpenTofu's JSON
 * configuration syntax and the providers' documented arguments ({@link TerraformJsonCheck}).
 */
class TerraformJsonSyntaxTest {

    static List<String> samples() {
        return Samples.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleExportsToConfigurationOpenTofuCanRead(String sample, @TempDir Path dir) throws IOException {
        ExportResult result = new OpenTofuExporter().export(ExportRequest.of(Samples.graph(sample), dir));

        Object main = Json.parse(Files.readString(dir.resolve(OpenTofuExporter.MAIN_FILE)));
        Object tfvars = Json.parse(Files.readString(dir.resolve(OpenTofuExporter.VARS_FILE)));
        assertThat(TerraformJsonCheck.problems(main, tfvars)).as(sample).isEmpty();
        assertThat(result.files()).containsExactly(dir.resolve(OpenTofuExporter.MAIN_FILE),
                dir.resolve(OpenTofuExporter.VARS_FILE), dir.resolve(OpenTofuExporter.IGNORE_FILE));
    }

    @Test
    void theCheckFindsArgumentsOfTheWrongTypeBlocksTooOftenAndMissingNestedArguments() {
        Object main = Json.parse("""
                {
                  "terraform": {"required_providers": {
                    "docker": {"source": "kreuzwerker/docker", "version": "~> 4.1"},
                    "hcloud": {"source": "hetznercloud/hcloud", "version": "~> 1.58"}}},
                  "provider": {"docker": {"host": "unix:///var/run/docker.sock", "ssh_opts": "-i key"},
                               "hcloud": {"token": "${var.token}"}},
                  "variable": {"token": {"type": "string", "sensitive": true},
                               "sources": {"type": "string"}},
                  "resource": {
                    "docker_image": {"i": {"name": "x", "keep_locally": "yes"}},
                    "docker_container": {"c": {"name": "c", "image": "${docker_image.i.image_id}", "memory": "lots",
                                               "env": "A=1", "cpu_shares": "512",
                                               "capabilities": [{"drop": ["ALL"]}, {"add": ["NET_ADMIN"]}],
                                               "ports": [{"internal": "http"}]}},
                    "hcloud_firewall": {"f": {"rule": [{"direction": "in", "protocol": "tcp", "port": "22",
                                                        "source_ips": "${var.sources}"}]}},
                    "hcloud_server": {"s": {"name": "s", "server_type": "cx23", "image": "ubuntu-24.04",
                                            "labels": ["a=b"], "firewall_ids": ["${hcloud_firewall.f.id}"],
                                            "network": [{"subnet_id": "1", "alias_ips": []}],
                                            "provisioner": [{"remote-exec": {"inline": ["true"],
                                                              "connection": {"type": "ssh", "user": "root"}}},
                                                            {"local-exec": {"command": "true"}}]}}
                  }
                }
                """);

        List<String> problems = TerraformJsonCheck.problems(main, Map.of());

        assertThat(problems).contains(
                "provider docker.ssh_opts: takes a list, not String -i key",
                "resource docker_image.i.keep_locally: takes a boolean, not String yes",
                "resource docker_container.c.memory: takes a number, not String lots",
                "resource docker_container.c.env: takes a list, not String A=1",
                "resource docker_container.c.capabilities: 2 blocks, but at most 1 allowed",
                "resource docker_container.c.ports.internal: takes a number, not String http",
                "resource hcloud_firewall.f.rule.source_ips: var.sources is of type string, but the argument takes a list",
                "resource hcloud_server.s.labels: takes a map, not an array",
                "resource hcloud_server.s.network: the required argument 'network_id' is missing",
                "resource hcloud_server.s.network: unknown argument 'subnet_id'",
                "resource hcloud_server.s.provisioner.remote-exec.connection: the required argument 'host' is missing",
                "resource hcloud_server.s.provisioner: unknown provisioner 'local-exec'");
        assertThat(problems).noneMatch(p -> p.contains("cpu_shares")).as("a numeric string is a number to OpenTofu");
    }

    @Test
    void theCheckFindsWhatOpenTofuWouldReject() {
        Object main = Json.parse("""
                {
                  "resources": {},
                  "terraform": {"required_providers": {"docker": {"source": "kreuzwerker/docker", "version": "~> 4.1"}}},
                  "provider": {"docker": [{"alias": "a", "host": "unix:///var/run/docker.sock"}]},
                  "variable": {"token": {"type": "string", "sensitive": true}},
                  "resource": {
                    "docker_network": {"net": {"name": "${var.missing}", "driver": "${docker_volume.nope.name"}},
                    "docker_volume": {"1bad": {"name": "v", "colour": "blue"}},
                    "docker_container": {
                      "c": {"provider": "docker.b", "name": "c", "image": "${docker_image.i.image_id}",
                            "depends_on": ["docker_container.ghost"], "ports": ["80"]},
                      "d": {"image": "x", "name": "d", "env": ["%{if true}x%{endif}"]}
                    },
                    "docker_image": {"i": "not a body"}
                  }
                }
                """);
        Object tfvars = Json.parse("{\"token\": \"s3cret\", \"unknown\": \"x\"}");

        List<String> problems = TerraformJsonCheck.problems(main, tfvars);

        assertThat(problems).anyMatch(p -> p.contains("unknown top-level block type 'resources'"))
                .anyMatch(p -> p.contains("var.missing is not a declared variable"))
                .anyMatch(p -> p.contains("unbalanced ${"))
                .anyMatch(p -> p.contains("label '1bad' is not an identifier"))
                .anyMatch(p -> p.contains("unknown argument 'colour'"))
                .anyMatch(p -> p.contains("provider docker.b is not a declared configuration"))
                .anyMatch(p -> p.contains("docker_image.i is not a declared resource"))
                .anyMatch(p -> p.contains("depends_on names docker_container.ghost"))
                .anyMatch(p -> p.contains("a nested block is not an object"))
                .anyMatch(p -> p.contains("names no provider configuration, but docker has only aliased ones"))
                .anyMatch(p -> p.contains("template directive"))
                .anyMatch(p -> p.contains("the body is not an object"))
                .anyMatch(p -> p.contains("holds a value of the sensitive variable token"))
                .anyMatch(p -> p.contains("sets unknown, which is not a declared variable"));
    }

    @Test
    void escapedTemplateSequencesAreLiteralAndPass() {
        Object main = Json.parse("""
                {"terraform": {"required_providers": {"docker": {"source": "kreuzwerker/docker", "version": "~> 4.1"}}},
                 "resource": {"docker_image": {"i": {"name": "img:$${TAG}", "keep_locally": true}},
                              "docker_container": {"c": {"name": "c", "image": "${docker_image.i.image_id}",
                                                          "env": ["A=$${HOME}", "B=%%{x}"]}}}}
                """);

        assertThat(TerraformJsonCheck.problems(main, Map.of())).isEmpty();
    }
}
