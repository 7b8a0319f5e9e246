package io.kombify.plugin.opentofu;

import io.kombify.core.Diagnostic;
import io.kombify.deploy.ResourceId;
import java.util.List;
import java.util.Map;

/**
 * A stack translated into OpenTofu configuration: the trees of {@code main.tf.json} and
 * {@code terraform.tfvars.json} (plain maps and lists, in their final order), what could not be
 * expressed, what the user does next, and which kombify resource each OpenTofu address stands for.
 *
 * @param main      the configuration
 * @param tfvars    values of the non-secret variables
 * @param warnings  resources and settings the configuration leaves out or had to choose
 * @param nextSteps what the user does before and to run tofu
 * @param addresses OpenTofu address (such as {@code hcloud_server.edge-vps}) -> the resource it stands for
 * @param firstStep the servers to create before the rest can be planned (the docker provider connects
 *                  to them), sorted; empty when everything can be planned at once
 */
record TofuConfig(Map<String, Object> main, Map<String, Object> tfvars, List<Diagnostic> warnings,
                  List<String> nextSteps, Map<String, ResourceId> addresses, List<String> firstStep) {

    TofuConfig {
        main = java.util.Collections.unmodifiableMap(main);
        tfvars = java.util.Collections.unmodifiableMap(tfvars);
        warnings = List.copyOf(warnings);
        nextSteps = List.copyOf(nextSteps);
        addresses = Map.copyOf(addresses);
        firstStep = List.copyOf(firstStep);
    }
}
