package io.kombify.spec.model;

import java.util.List;

/**
 * sshd hardening.
 *
 * @param port            1..65535 (default 22)
 * @param passwordAuth    default false
 * @param permitRootLogin default {@code no}
 * @param maxAuthTries    1..10 (default 3)
 * @param allowUsers      users allowed to log in
 */
public record SshSecurity(@Range(min = 1, max = 65535) Integer port, Boolean passwordAuth, PermitRootLogin permitRootLogin, @Range(min = 1, max = 10) Integer maxAuthTries, List<String> allowUsers) {
    public SshSecurity {
        allowUsers = Copies.list(allowUsers);
    }
}
