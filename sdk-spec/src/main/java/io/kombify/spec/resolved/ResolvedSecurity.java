package io.kombify.spec.resolved;

import io.kombify.spec.model.AcmeProvider;
import io.kombify.spec.model.CertSource;
import io.kombify.spec.model.FirewallBackend;
import io.kombify.spec.model.FirewallPolicy;
import io.kombify.spec.model.FirewallProtocol;
import io.kombify.spec.model.PermitRootLogin;
import io.kombify.spec.model.RotationPolicy;
import io.kombify.spec.model.SecretsBackend;
import io.kombify.spec.model.TlsVersion;

import java.util.List;

/**
 * Hardening with defaults applied: SSH on 22 without passwords or root login, a deny-inbound
 * ufw firewall, TLS 1.2+ from Let's Encrypt, containers without new privileges, file secrets.
 *
 * @param ssh       SSH daemon settings
 * @param firewall  host firewall
 * @param tls       certificates
 * @param container container hardening
 * @param secrets   secret storage
 */
public record ResolvedSecurity(Ssh ssh, Firewall firewall, Tls tls, Container container, Secrets secrets) {

    /** SSH daemon settings. */
    public record Ssh(int port, boolean passwordAuth, PermitRootLogin permitRootLogin, int maxAuthTries, List<String> allowUsers) {
        public Ssh {
            allowUsers = List.copyOf(allowUsers);
        }
    }

    /** The host firewall; {@link #rules()} includes rules the add-ons open (vpn-overlay: UDP 51820). */
    public record Firewall(boolean enabled, FirewallBackend backend, FirewallPolicy defaultInbound,
                           FirewallPolicy defaultOutbound, List<Rule> rules) {
        public Firewall {
            rules = List.copyOf(rules);
        }
    }

    /**
     * One opened port.
     *
     * @param port     port
     * @param protocol tcp, udp or both
     * @param source   any, lan, vpn or a CIDR
     * @param comment  why it is open, or {@code null}
     */
    public record Rule(int port, FirewallProtocol protocol, String source, String comment) {
    }

    /** Certificate settings. */
    public record Tls(TlsVersion minVersion, CertSource certSource, String acmeEmail, AcmeProvider acmeProvider) {
    }

    /** Container hardening. */
    public record Container(boolean readOnlyRootfs, boolean noNewPrivileges, List<String> dropCapabilities) {
        public Container {
            dropCapabilities = List.copyOf(dropCapabilities);
        }
    }

    /** Secret storage. */
    public record Secrets(SecretsBackend backend, RotationPolicy rotationPolicy) {
    }
}
