package io.kombify.spec.model;

/**
 * SSH connection parameters of a node.
 *
 * @param host    IP address or host name; required
 * @param port    1..65535 (default 22)
 * @param user    login user (default by provider, such as {@code root} on Hetzner)
 * @param keyPath private key file ({@code key_path} in the spec)
 */
public record SshConfig(String host, Integer port, String user, @Key("key_path") String keyPath) {
}
