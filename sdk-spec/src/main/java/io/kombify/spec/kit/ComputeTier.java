package io.kombify.spec.kit;

import io.kombify.core.ByteSize;
import io.kombify.core.CpuQuantity;

import java.util.List;
import java.util.Map;

/**
 * How a kit adapts to the hardware it gets: a stack's compute tier ({@code high},
 * {@code standard} or {@code low}) is chosen from its nodes, and the tier adds services, swaps
 * the variant, or switches services on and off.
 *
 * @param name               {@code high}, {@code standard} or {@code low}
 * @param cpu                cores the tier expects, or {@code null}
 * @param memory             memory the tier expects, or {@code null}
 * @param additionalServices services the tier adds to the default variant
 * @param variantOverride    variant used instead of the default, or {@code null}
 * @param serviceOverrides   service name to {@code enabled} or {@code disabled}
 */
public record ComputeTier(
        String name,
        CpuQuantity cpu,
        ByteSize memory,
        List<String> additionalServices,
        String variantOverride,
        Map<String, Boolean> serviceOverrides) {

    public ComputeTier {
        additionalServices = additionalServices == null ? List.of() : List.copyOf(additionalServices);
        serviceOverrides = KitCopies.map(serviceOverrides);
    }
}
