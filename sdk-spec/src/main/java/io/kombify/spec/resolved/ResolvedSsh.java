package io.kombify.spec.resolved;

/**
 * How to reach a node over SSH, with the provider's default user and port 22 filled in.
 *
 * @param host    address or host name, never {@code null}
 * @param port    port
 * @param user    login user
 * @param keyPath private key path, or {@code null} for the agent's keys
 */
public record ResolvedSsh(String host, int port, String user, String keyPath) {
}
