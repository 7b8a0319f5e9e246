package io.kombify.spec.model;

/**
 * Security settings of the stack.
 *
 * @param ssh       sshd hardening
 * @param firewall  host firewall
 * @param tls       TLS policy of the reverse proxy
 * @param container container security context
 * @param secrets   secret storage
 */
public record SecurityConfig(SshSecurity ssh, FirewallConfig firewall, TlsConfig tls, ContainerSecurity container, SecretsConfig secrets) {
}
