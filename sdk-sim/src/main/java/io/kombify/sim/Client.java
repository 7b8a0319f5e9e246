package io.kombify.sim;

import java.util.Objects;

/**
 * Someone using the stack from outside its containers: a laptop on the home LAN, a phone on the
 * VPN mesh, or a browser somewhere on the internet. Ask a {@link SimulationReport} whether such a
 * client reaches a service through the reverse proxy with
 * {@link SimulationReport#reachability(Client, String)}.
 */
public final class Client {

    /** Where a client connects from. */
    public enum Kind {
        /** A machine on the home site's LAN; the firewall sees it as source {@code lan}. */
        HOME_LAN,
        /** A member of the VPN mesh; the firewall sees it as source {@code vpn}. */
        VPN,
        /** Anywhere on the internet; only rules with source {@code any} admit it. */
        INTERNET
    }

    private static final Client HOME_LAN = new Client(Kind.HOME_LAN);
    private static final Client VPN = new Client(Kind.VPN);
    private static final Client INTERNET = new Client(Kind.INTERNET);

    private final Kind kind;

    private Client(Kind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A client on the LAN of the {@code home} site. */
    public static Client onHomeLan() {
        return HOME_LAN;
    }

    /** A client that has joined the VPN mesh, wherever it is. */
    public static Client onVpn() {
        return VPN;
    }

    /** A client on the public internet. */
    public static Client onInternet() {
        return INTERNET;
    }

    /** Where this client sits: home LAN, VPN or public internet. */
    public Kind kind() {
        return kind;
    }

    /** How the client is named in explanations, such as {@code a client on the home LAN}. */
    public String describe() {
        return switch (kind) {
            case HOME_LAN -> "a client on the home LAN";
            case VPN -> "a client on the VPN";
            case INTERNET -> "a client on the internet";
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Client c && c.kind == kind;
    }

    @Override
    public int hashCode() {
        return kind.hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
