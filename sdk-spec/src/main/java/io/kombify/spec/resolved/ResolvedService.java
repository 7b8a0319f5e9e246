package io.kombify.spec.resolved;

import io.kombify.core.ByteSize;
import io.kombify.core.CpuQuantity;
import io.kombify.spec.model.RestartPolicy;
import io.kombify.spec.model.ServiceType;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service ready to plan: merged from the kit's catalogue entry and the user's definition
 * (the user wins field by field), defaulted, and placed on a node.
 *
 * @param name               service name
 * @param type               category
 * @param origin             whether it came from the kit, the user, or both
 * @param node               node it runs on; {@code null} only for a disabled service
 * @param placement          whether the node was written, chosen by the resolver, or the service is disabled
 * @param enabled            whether it is deployed
 * @param needs              services it waits for
 * @param image              container image; empty when neither the kit nor {@code config.image} names one
 *                           (planning a real deployment of such a service fails)
 * @param imageSource        where the image came from
 * @param ports              published ports
 * @param cpuLimit           CPU limit
 * @param memoryLimit        memory limit
 * @param cpuRequest         CPU reserved for placement (the limit when not written)
 * @param memoryRequest      memory reserved for placement (the limit when not written)
 * @param volumes            volume mounts
 * @param environment        environment variables
 * @param environmentSecrets environment variables holding {@code secret://} references (never values)
 * @param restartPolicy      restart policy
 * @param proxy              reverse-proxy route, or {@code null} when none is configured
 * @param exposeInternal     whether it is reachable on the internal network
 * @param internalPort       internal port, or {@code null}
 * @param config             service settings, as merged
 */
public record ResolvedService(
        String name,
        ServiceType type,
        Origin origin,
        String node,
        Placement placement,
        boolean enabled,
        List<String> needs,
        Optional<String> image,
        ImageSource imageSource,
        List<ResolvedPort> ports,
        CpuQuantity cpuLimit,
        ByteSize memoryLimit,
        CpuQuantity cpuRequest,
        ByteSize memoryRequest,
        List<ResolvedVolume> volumes,
        Map<String, String> environment,
        Map<String, String> environmentSecrets,
        RestartPolicy restartPolicy,
        ResolvedProxyRoute proxy,
        boolean exposeInternal,
        Integer internalPort,
        Map<String, Object> config) {

    /** Where a resolved service came from. */
    public enum Origin { KIT, USER, KIT_AND_USER }

    /** How a service got its node. */
    public enum Placement { PINNED, PLACED, DISABLED }

    /** Where a service's image came from. */
    public enum ImageSource { KIT, CONFIG, NONE }

    public ResolvedService {
        needs = needs == null ? List.of() : List.copyOf(needs);
        image = image == null ? Optional.empty() : image;
        ports = ports == null ? List.of() : List.copyOf(ports);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        environment = ordered(environment);
        environmentSecrets = ordered(environmentSecrets);
        config = ordered(config);
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return map == null || map.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
    }
}
