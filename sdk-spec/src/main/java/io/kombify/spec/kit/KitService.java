package io.kombify.spec.kit;

import io.kombify.core.ByteSize;
import io.kombify.core.CpuQuantity;
import io.kombify.spec.model.NodeType;
import io.kombify.spec.model.Port;
import io.kombify.spec.model.ServiceType;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service in a kit's catalogue: the image, ports, resources and dependencies the kit
 * deploys it with. A user's service of the same name inherits every field it leaves out.
 *
 * @param name          service name such as {@code traefik}; never {@code null}
 * @param displayName   human name, or {@code null}
 * @param type          category, deciding default ports and needs; {@code custom} when unknown
 * @param image         container image with tag, or {@code null} for cluster features that are not containers
 * @param ports         published ports
 * @param cpuLimit      CPU limit, or {@code null}
 * @param memoryLimit   memory limit, or {@code null}
 * @param cpuRequest    CPU reserved for placement, or {@code null}
 * @param memoryRequest memory reserved for placement, or {@code null}
 * @param needs         services that must be healthy first
 * @param placement     node role it must run on, or {@code null} for any node
 * @param required      whether the kit cannot work without it
 * @param status        {@code available}, {@code planned}..., or {@code null} (available)
 * @param replicas      replicas in a cluster, or {@code null}
 * @param description   one sentence, or {@code null}
 * @param config        service settings, as written
 */
public record KitService(
        String name,
        String displayName,
        ServiceType type,
        String image,
        List<Port> ports,
        CpuQuantity cpuLimit,
        ByteSize memoryLimit,
        CpuQuantity cpuRequest,
        ByteSize memoryRequest,
        List<String> needs,
        NodeType placement,
        boolean required,
        String status,
        Integer replicas,
        String description,
        Map<String, Object> config) {

    public KitService {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a kit service needs a name");
        }
        type = type == null ? ServiceType.CUSTOM : type;
        ports = ports == null ? List.of() : List.copyOf(ports);
        needs = needs == null ? List.of() : List.copyOf(needs);
        config = KitCopies.map(config);
    }

    /** The image, when the kit names one. */
    public Optional<String> imageRef() {
        return Optional.ofNullable(image);
    }

    /** Whether the kit can deploy it now: it has an image and is not merely planned. */
    public boolean isDeployable() {
        return image != null && (status == null || !status.equalsIgnoreCase("planned"));
    }
}
