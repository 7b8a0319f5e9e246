package io.kombify.sim.model;

import io.kombify.spec.model.FirewallProtocol;

import java.util.Objects;

/**
 * One inbound port the host firewall opens, with where it may be reached from.
 *
 * @param port     port
 * @param protocol tcp, udp or both
 * @param source   who may connect
 * @param cidr     the network when {@code source} is {@link Source#CIDR}, else {@code null}
 * @param comment  why the port is open, or {@code null}
 */
public record FirewallRule(int port, FirewallProtocol protocol, Source source, String cidr, String comment) {

    /** Where a connection comes from, as far as a rule is concerned. */
    public enum Source {
        /** Anywhere, including the internet. */
        ANY,
        /** The node's own site LAN. */
        LAN,
        /** A member of the VPN mesh. */
        VPN,
        /** An address inside {@link FirewallRule#cidr()}. */
        CIDR
    }

    public FirewallRule {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(source, "source");
        if (source == Source.CIDR) {
            Objects.requireNonNull(cidr, "cidr");
        }
    }

    /** The rule for a spec's {@code source} value: {@code any}, {@code lan}, {@code vpn} or a CIDR; absent means any. */
    public static FirewallRule of(int port, FirewallProtocol protocol, String source, String comment) {
        if (source == null || source.equals("any")) {
            return new FirewallRule(port, protocol, Source.ANY, null, comment);
        }
        if (source.equals("lan")) {
            return new FirewallRule(port, protocol, Source.LAN, null, comment);
        }
        if (source.equals("vpn")) {
            return new FirewallRule(port, protocol, Source.VPN, null, comment);
        }
        return new FirewallRule(port, protocol, Source.CIDR, source, comment);
    }

    /** Whether this rule opens {@code port} for {@code tcp} (or udp when {@code tcp} is false). */
    public boolean opens(int port, boolean tcp) {
        return this.port == port && (protocol == FirewallProtocol.BOTH || (protocol == FirewallProtocol.TCP) == tcp);
    }
}
