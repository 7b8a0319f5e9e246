package io.kombify.spec.internal.validate;

import io.kombify.spec.ValidationPolicy;
import io.kombify.spec.model.Kombination;

/** The size limits of a {@link ValidationPolicy}; 0 means no limit. */
public final class LimitRules {
    private LimitRules() {
    }

    public static void check(Kombination spec, ValidationPolicy policy, Findings findings) {
        int nodes = spec.nodes().size();
        if (policy.maxNodes() > 0 && nodes > policy.maxNodes()) {
            findings.error("SPEC_TOO_MANY_NODES", "/nodes",
                    "the spec has " + nodes + " nodes; policy `" + policy.name() + "` allows at most " + policy.maxNodes(),
                    "split the stack into several specs, or validate with a policy without size limits (`--policy unbounded`)");
        }
        int services = spec.services().size();
        if (policy.maxServices() > 0 && services > policy.maxServices()) {
            findings.error("SPEC_TOO_MANY_SERVICES", "/services",
                    "the spec has " + services + " services; policy `" + policy.name() + "` allows at most " + policy.maxServices(),
                    "split the stack into several specs, or validate with a policy without size limits (`--policy unbounded`)");
        }
    }
}
