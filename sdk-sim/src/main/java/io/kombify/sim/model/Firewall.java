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
     * Whether an inbound connection to {@code port} from {@code source} passes. A {@code CIDR}
     * source is matched by rules of source {@code any} only, since the simulator does not assign
     * addresses.
     */
    public boolean admits(int port, boolean tcp, FirewallRule.Source source) {
        if (!enabled || defaultInbound == FirewallPolicy.ALLOW) {
            return true;
        }
        for (FirewallRule rule : rules) {
            if (rule.opens(port, tcp) && (rule.source() == FirewallRule.Source.ANY || rule.source() == source)) {
                return true;
            }
        }
        return false;
    }
}
