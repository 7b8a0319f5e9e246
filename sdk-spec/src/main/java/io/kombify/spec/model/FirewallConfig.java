package io.kombify.spec.model;

import java.util.List;

/**
 * The host firewall.
 *
 * @param enabled         default true
 * @param backend         default {@code ufw}
 * @param defaultInbound  default {@code deny}
 * @param defaultOutbound default {@code allow}
 * @param rules           inbound rules
 */
public record FirewallConfig(Boolean enabled, FirewallBackend backend, FirewallPolicy defaultInbound, FirewallPolicy defaultOutbound, List<FirewallRule> rules) {
    public FirewallConfig {
        rules = Copies.list(rules);
    }
}
