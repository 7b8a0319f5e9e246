package io.kombify.spec.model;

import java.util.List;

/**
 * Security context of every container.
 *
 * @param readOnlyRootfs   default false
 * @param noNewPrivileges  default true
 * @param dropCapabilities Linux capabilities to drop
 */
public record ContainerSecurity(Boolean readOnlyRootfs, Boolean noNewPrivileges, List<String> dropCapabilities) {
    public ContainerSecurity {
        dropCapabilities = Copies.list(dropCapabilities);
    }
}
