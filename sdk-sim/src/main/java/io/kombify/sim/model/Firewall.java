package io.kombify.sim.model;

import io.kombify.spec.model.FirewallPolicy;

import java.util.List;

/**
 * The host firewall every node runs. Inbound traffic is denied unless a rule opens its port for
 * its source (or the firewall is disabled, or its default inbound policy is allow).
 *
 * @param enabled         whether the firewall is on
 * @param defaultInbound  policy for inbound traffic no rule matches
 * @param defaultOutbound policy for outbound traffic
 * @param rules           opened ports, including those the add-ons open
 */
public record Firewall(boolean enabled, FirewallPolicy defaultInbound, FirewallPolicy defaultOutbound, List<FirewallRule> rules) {

    public Firewall {
        rules = List.copyOf(rules);
    }

    /**
     * Whether an inbound connection to {@code port} from {@code source} passes, without a known
     * source address: rules with a CIDR source never match.
     */
    public boolean admits(int port, boolean tcp, FirewallRule.Source source) {
        return admits(port, tcp, source, null);
    }

    /**
     * Whether an inbound connection to {@code port} from {@code source}, coming from
     * {@code address} (null when unknown), passes. A rule with a CIDR source matches when the
     * address lies in its network, whatever kind of network the traffic crosses.
     */
    public boolean admits(int port, boolean tcp, FirewallRule.Source source, String address) {
        if (!enabled || defaultInbound == FirewallPolicy.ALLOW) {
            return true;
        }
        for (FirewallRule rule : rules) {
            if (!rule.opens(port, tcp)) {
                continue;
            }
            if (rule.source() == FirewallRule.Source.ANY || rule.source() == source
                    || rule.source() == FirewallRule.Source.CIDR && Ipv4.contains(rule.cidr(), address)) {
                return true;
            }
        }
        return false;
    }
}
