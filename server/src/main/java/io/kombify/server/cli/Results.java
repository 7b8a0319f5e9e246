package io.kombify.server.cli;

import io.kombify.deploy.ApplyOptions;
import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.Cancellation;
import io.kombify.deploy.Deployer;
import io.kombify.deploy.Plan;
import io.kombify.deploy.StepFailure;
import io.kombify.sim.deploy.SimulatedCrash;

import java.io.PrintWriter;

/** Prints how an apply or destroy went. */
final class Results {
    private Results() {
    }

    /**
     * Applies {@code plan} (an apply's or a destroy's) and prints the result; an interrupt lets the
     * steps in flight finish and the result be printed. A simulated crash ends the command as a
     * killed process would, with a hint on how to recover.
     *
     * @return the exit status
     */
    static int applyAndPrint(Deployer deployer, Plan plan, ApplyOptions options, Cancellation cancellation,
                             PrintWriter out, PrintWriter err, boolean json, String command) {
        try (Interrupts interrupts = Interrupts.cancelOnInterrupt(cancellation, err, command)) {
            ApplyResult result;
            try {
                result = deployer.apply(plan, options);
            } catch (SimulatedCrash crash) {
                err.println("kombify " + command + ": the simulated process died after step " + crash.step()
                        + " (--fault crash-after-step:" + crash.step() + "), as if it had been killed");
                err.println("  hint: the simulated process stopped as if killed, leaving the journal as a killed process "
                        + "leaves it; run " + command + " again (without the fault): it first reconciles the steps that "
                        + "were in flight" + (plan.destroy() ? "." : ", so nothing is created twice."));
                return KombifyCommand.INVALID;
            }
            print(out, result, json, Character.toUpperCase(command.charAt(0)) + command.substring(1));
            return result.succeeded() ? 0 : KombifyCommand.INVALID;
        }
    }

    static void print(PrintWriter out, ApplyResult r, boolean json, String what) {
        if (json) {
            out.print(ResultJson.of(r));
        } else {
            String head = switch (r.status()) {
                case SUCCEEDED -> what + " complete";
                case FAILED -> what + " failed";
                case CANCELLED -> what + " cancelled";
            };
            out.println();
            out.println(head + ": " + r.created() + " created, " + r.updated() + " updated, " + r.deleted()
                    + " deleted" + (r.skipped() > 0 ? ", " + r.skipped() + " skipped" : "")
                    + (r.recovered() > 0 ? ", " + r.recovered() + " recovered from an interrupted apply" : "")
                    + " (state serial " + r.state().serial() + ").");
            for (StepFailure f : r.failures()) {
                out.println("  ! " + f.id() + ": " + f.code() + ": " + f.message()
                        + (f.attempts() > 1 ? " (after " + f.attempts() + " attempts)" : ""));
            }
        }
        out.flush();
    }
}
