package io.kombify.spec.model;

/**
 * Host-level settings applied to every node.
 *
 * @param timezone           default {@code UTC}
 * @param locale             default {@code en_US.UTF-8}
 * @param swap               {@code disabled} (default), {@code auto}, or a size such as {@code 2Gi}
 * @param unattendedUpgrades default {@code security}
 * @param packages           extra packages to install
 */
public record SystemConfig(String timezone, String locale, @Pattern(value = SpecPatterns.SWAP, example = "2Gi") String swap, UpgradePolicy unattendedUpgrades, Packages packages) {
}
