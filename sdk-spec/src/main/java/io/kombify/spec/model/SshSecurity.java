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
public record SshSecurity(Integer port, Boolean passwordAuth, PermitRootLogin permitRootLogin, Integer maxAuthTries, List<String> allowUsers) {
    public SshSecurity {
        allowUsers = Copies.list(allowUsers);
    }
}
