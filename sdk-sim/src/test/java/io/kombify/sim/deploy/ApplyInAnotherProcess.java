package io.kombify.sim.deploy;

import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.PlanOptions;
import io.kombify.sim.DurationText;
import io.kombify.sim.Fault;
import java.nio.file.Path;

/**
 * The process {@link KilledProcessTest} kills: applies the hybrid sample through a slow simulated
 * provider (every call takes the given latency) on a state directory, like
 * {@code kombify apply --simulate} would. Arguments: the state directory, the latency (such as
 * {@code 150ms}) and the parallelism. Exits 0 when the apply succeeded.
 */
public final class ApplyInAnotherProcess {

    private ApplyInAnotherProcess() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        SimulatedProvider sim = HybridApply.provider(dir, Fault.providerLatency("*", DurationText.parse(args[1])));
        ApplyResult result = HybridApply.deployer(dir, sim)
                .apply(HybridApply.graph(), PlanOptions.DEFAULT, HybridApply.options(Integer.parseInt(args[2])));
        System.out.println("apply " + result.status() + ": " + result.created() + " created");
        System.exit(result.succeeded() ? 0 : 1);
    }
}
