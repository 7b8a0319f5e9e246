package io.kombify.spec.resolved;

import io.kombify.core.ByteSize;
import io.kombify.spec.model.UpgradePolicy;

import java.util.List;

/**
 * Host settings with defaults applied (UTC, en_US.UTF-8, no swap, security upgrades).
 *
 * @param timezone           time zone
 * @param locale             locale
 * @param swap               {@code disabled}, {@code auto}, or a size such as {@code 2Gi} (normalised)
 * @param swapSize           the swap size when {@code swap} is a size, else {@code null}
 * @param unattendedUpgrades automatic upgrades
 * @param basePackages       base packages
 * @param extraPackages      extra packages
 */
public record ResolvedSystem(String timezone, String locale, String swap, ByteSize swapSize, UpgradePolicy unattendedUpgrades,
                             List<String> basePackages, List<String> extraPackages) {
    public ResolvedSystem {
        basePackages = List.copyOf(basePackages);
        extraPackages = List.copyOf(extraPackages);
    }
}
