package io.kombify.spec.model;

/**
 * SSH connection parameters of a node.
 *
 * @param host    IP address or host name; required
 * @param port    1..65535 (default 22)
 * @param user    login user (default by provider, such as {@code root} on Hetzner)
 * @param keyPath private key file ({@code key_path} in the spec)
 */
public record SshConfig(@Required @Pattern(value = SpecPatterns.IP_OR_HOSTNAME, example = "192.168.1.10") String host, @Range(min = 1, max = 65535) Integer port, @Pattern(value = SpecPatterns.SSH_USER, example = "ubuntu") String user, @Key("key_path") String keyPath) {
}
