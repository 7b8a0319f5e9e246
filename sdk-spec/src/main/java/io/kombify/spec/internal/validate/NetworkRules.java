package io.kombify.spec.internal.validate;

import io.kombify.spec.model.FirewallConfig;
import io.kombify.spec.model.FirewallRule;
import io.kombify.spec.model.InternalNetwork;
import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.SpecPatterns;

import java.util.List;

/**
 * Address rules the schema's regexes cannot express: the internal subnet must be a real
 * CIDR block inside RFC 1918 ({@code policies.cue}), its gateway should lie inside it, and
 * firewall sources written as CIDR blocks must have real octets and prefixes.
 */
public final class NetworkRules {
    private static final CompiledPattern CIDR = CompiledPattern.of(SpecPatterns.CIDR, "10.20.0.0/16");
    private static final CompiledPattern IPV4 = CompiledPattern.of(SpecPatterns.IPV4, "10.20.0.1");

    private NetworkRules() {
    }

    public static void check(Kombination spec, Findings findings) {
        if (spec.network() != null && spec.network().internal() != null) {
            checkInternal(spec.network().internal(), findings);
        }
        if (spec.security() != null && spec.security().firewall() != null) {
            checkFirewall(spec.security().firewall(), findings);
        }
    }

    private static void checkInternal(InternalNetwork internal, Findings findings) {
        Ipv4.Parsed subnet = null;
        String subnetText = internal.subnet();
        // A value of the wrong shape already has its pattern error; one finding per mistake.
        if (subnetText != null && CIDR.matches(subnetText)) {
            Ipv4.Parsed parsed = Ipv4.parse(subnetText, true);
            String problem = parsed.ok() ? privacyProblem(parsed) : "it is not a valid CIDR block: " + parsed.problem();
            if (problem != null) {
                findings.error("NETWORK_SUBNET_NOT_PRIVATE", "/network/internal/subnet",
                        "internal subnet " + Text.quote(subnetText) + " is not allowed: " + problem,
                        "use a private block inside " + Ipv4.PRIVATE_BLOCK_NAMES + ", such as `10.20.0.0/16`");
            } else {
                subnet = parsed;
            }
        }
        String gatewayText = internal.gateway();
        if (gatewayText != null && IPV4.matches(gatewayText)) {
            Ipv4.Parsed gateway = Ipv4.parse(gatewayText, false);
            if (!gateway.ok()) {
                findings.error("NETWORK_GATEWAY_INVALID", "/network/internal/gateway",
                        "gateway " + Text.quote(gatewayText) + " is not a valid IPv4 address: " + gateway.problem(),
                        "write four numbers from 0 to 255, such as `10.20.0.1`");
            } else if (subnet != null && !Ipv4.within(gateway.address(), 32,
                    subnet.address() & Ipv4.mask(subnet.prefix()), subnet.prefix())) {
                long network = subnet.address() & Ipv4.mask(subnet.prefix());
                findings.warning("NETWORK_GATEWAY_OUTSIDE_SUBNET", "/network/internal/gateway",
                        "gateway " + Text.quote(gatewayText) + " is outside the internal subnet " + Text.quote(subnetText),
                        "use an address inside the subnet, such as `" + Ipv4.format(network + 1) + "`");
            }
        }
    }

    /** Why a well-formed block is not a private one, or {@code null}. */
    private static String privacyProblem(Ipv4.Parsed subnet) {
        long[] block = Ipv4.privateBlockOf(subnet.address());
        if (block == null) {
            return "it is not a private (RFC 1918) network";
        }
        if (subnet.prefix() < block[1]) {
            return "/" + subnet.prefix() + " is larger than the private block " + Ipv4.format(block[0]) + "/" + block[1]
                    + " that contains it";
        }
        return null;
    }

    private static void checkFirewall(FirewallConfig firewall, Findings findings) {
        List<FirewallRule> rules = firewall.rules();
        for (int i = 0; i < rules.size(); i++) {
            FirewallRule rule = rules.get(i);
            if (rule == null || rule.source() == null || !CIDR.matches(rule.source())) {
                continue;
            }
            Ipv4.Parsed parsed = Ipv4.parse(rule.source(), true);
            if (!parsed.ok()) {
                findings.error("FIREWALL_SOURCE_INVALID", "/security/firewall/rules/" + i + "/source",
                        "firewall source " + Text.quote(rule.source()) + " is not a valid CIDR block: " + parsed.problem(),
                        "write `any`, `lan`, `vpn` or an IPv4 block such as `192.168.1.0/24`");
            }
        }
    }
}
