package io.kombify.spec.model;

import java.util.List;
import java.util.Map;

/**
 * A service to deploy as a container.
 *
 * @param name               unique among services, DNS-compatible
 * @param type               category; decides default ports and needs
 * @param node               the node to run on; placed automatically when {@code null}
 * @param enabled            {@code false} keeps the service defined but not deployed (default true)
 * @param needs              services that must be healthy before this one starts
 * @param config             service-specific settings (open); {@code config.image} names the container image
 * @param ports              port mappings
 * @param network            reverse-proxy route and internal exposure
 * @param resources          CPU and memory requests and limits
 * @param volumes            volume mounts
 * @param environment        environment variables
 * @param environmentSecrets environment variables whose values are {@code secret://} references
 * @param restartPolicy      restart policy (default {@code unless-stopped})
 */
public record Service(
        @Required @Pattern(value = SpecPatterns.DNS_NAME, example = "nextcloud") String name,
        @Required ServiceType type,
        String node,
        Boolean enabled,
        List<String> needs,
        Map<String, Object> config,
        List<Port> ports,
        ServiceNetwork network,
        ServiceResources resources,
        List<VolumeMount> volumes,
        Map<String, String> environment,
        @Pattern(value = SpecPatterns.SECRET_REF, example = "secret://db-password") Map<String, String> environmentSecrets,
        RestartPolicy restartPolicy) {

    public Service {
        needs = Copies.list(needs);
        config = Copies.map(config);
        ports = Copies.list(ports);
        volumes = Copies.list(volumes);
        environment = Copies.map(environment);
        environmentSecrets = Copies.map(environmentSecrets);
    }

    /** Whether the service is deployed: {@code enabled} is absent or true. */
    public boolean isEnabled() {
        return enabled == null || enabled;
    }
}
