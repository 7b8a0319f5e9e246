package io.kombify.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kombify.core.KombifyException;
import io.kombify.deploy.Deployer;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.Providers;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.spi.ProviderConfig;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.state.InMemoryStateStore;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Docker provider does not handle reverse-proxy routes: a plan of a spec with one stops
 * before anything changes, naming the resource, the provider, its types and what to do.
 */
class ProxyRoutesTest {

    private static final String SPEC = """
            name: routed
            nodes:
              - name: home
                type: main
                provider: local
            security:
              firewall:
                enabled: false
            services:
              - {name: traefik, type: reverse-proxy, enabled: false}
              - {name: dockge, type: docker, enabled: false}
              - {name: dozzle, type: monitoring, enabled: false}
              - {name: beszel, type: monitoring, enabled: false}
              - name: web
                type: custom
                node: home
                config:
                  image: kombify-test/busybox:1
                ports:
                  - container: 8080
                network:
                  proxy:
                    domain: web.lab.example
            """;

    @Test
    void aPlanWithAProxyRouteSaysTheDockerProviderDoesNotHandleIt() {
        ResourceGraph graph = ResourceGraph.of(SpecResolver.create().resolve(SpecReader.defaults().readString("routed.yaml", SPEC)));
        DockerSettings settings = DockerSettings.from(new ProviderConfig(Map.of(), Map.of(), SecretResolver.NONE, Optional.empty()));
        try (Providers providers = Providers.of(new DockerProvider(settings), new LocalProvider(settings, Optional.empty()))) {
            Deployer deployer = Deployer.builder().providers(providers).stateStore(new InMemoryStateStore()).build();

            KombifyException e = catchThrowableOfType(KombifyException.class, () -> deployer.plan(graph, PlanOptions.DEFAULT));

            assertThat(e.code()).isEqualTo("PROVIDER_TYPE_UNSUPPORTED");
            assertThat(e.getMessage()).isEqualTo("proxy_route.web is of type proxy_route, which provider 'docker' does not "
                    + "handle (it handles container, container_network, volume)");
            assertThat(e.diagnostics()).singleElement().satisfies(d -> assertThat(d.hint())
                    .contains("leave out of the spec what makes proxy_route resources")
                    .contains("install a plugin whose provider 'docker' handles them"));
        }
    }
}
