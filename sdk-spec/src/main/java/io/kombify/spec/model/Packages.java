package io.kombify.spec.model;

import java.util.List;

/**
 * Packages installed on every node.
 *
 * @param base  the base set
 * @param extra additions
 */
public record Packages(List<String> base, List<String> extra) {
    public Packages {
        base = Copies.list(base);
        extra = Copies.list(extra);
    }
}
