package io.kombify.sim;

import io.kombify.spec.model.TlsMode;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether one service reaches another, or a client reaches a service through the reverse proxy,
 * as the stack stood when the simulation ended, and why. {@link #reason()} is a sentence for
 * people: how the connection goes when it works, what stops it when it does not.
 *
 * @param from      the calling service, or the client's description
 * @param to        the service called
 * @param reachable whether a connection succeeds
 * @param path      the hops taken, such as {@code home LAN} or {@code VPN mesh (headscale)}; up to the failing hop when unreachable
 * @param reason    why it works, or why not
 * @param tls       the proxy route's TLS mode for a client's request, else {@code null}
 */
public record Reachability(String from, String to, boolean reachable, List<String> path, String reason, TlsMode tls) {

    public Reachability {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        path = List.copyOf(path);
    }

    /** The proxy route's TLS mode, for a request made through the proxy. */
    public Optional<TlsMode> tlsMode() {
        return Optional.ofNullable(tls);
    }

    @Override
    public String toString() {
        return from + " -> " + to + ": " + (reachable ? "reachable" : "unreachable") + " (" + reason + ")";
    }
}
