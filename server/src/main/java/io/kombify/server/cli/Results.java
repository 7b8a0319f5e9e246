package io.kombify.server.cli;

import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.StepFailure;

import java.io.PrintWriter;

/** Prints how an apply or destroy went. */
final class Results {
    private Results() {
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
