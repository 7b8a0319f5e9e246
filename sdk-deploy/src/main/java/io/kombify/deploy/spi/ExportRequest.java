package io.kombify.deploy.spi;

import io.kombify.deploy.Cancellation;
import io.kombify.deploy.DeployListener;
import io.kombify.deploy.ResourceGraph;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link Exporter} gets: the stack's resource graph (the same desired state a
 * {@code kombify apply} would create), where to write, and how far to go.
 *
 * <p>A request made with {@link #of} writes files only. To let the format's tool plan or apply
 * them, give it the mode and an environment: the tool gets exactly {@link #environment()} and
 * nothing of the calling process's, so {@code ExportRequest.of(graph, dir).withMode(ExportMode.PLAN)}
 * alone runs it without {@code PATH}, {@code HOME} or credentials ({@code TF_VAR_*});
 * {@code .withEnvironment(System.getenv())} passes the caller's own. An apply also needs an
 * {@link #approval()}: {@link ExportApproval#NEVER} (the default) declines every plan.
 *
 * @param graph        the resources to export
 * @param directory    the directory to write into; created when missing
 * @param mode         write only, or also plan or apply with the format's tool
 * @param settings     exporter settings by their full names, such as {@code opentofu.binary}
 * @param environment  the complete process environment of a tool the exporter runs (its {@code PATH},
 *                     {@code HOME}, credentials such as {@code TF_VAR_*}); empty by default, so that
 *                     nothing of the caller's environment reaches the tool unless passed here
 * @param listener     receives the tool's progress; never {@code null}
 * @param cancellation asks a running tool to stop: an exporter stops the tool the way the tool stops
 *                     safely and reports what it did
 * @param approval     decides whether each plan is applied, for {@link ExportMode#APPLY}
 */
public record ExportRequest(ResourceGraph graph, Path directory, ExportMode mode, Map<String, String> settings,
                            Map<String, String> environment, DeployListener listener, Cancellation cancellation,
                            ExportApproval approval) {

    public ExportRequest {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(mode, "mode");
        settings = Map.copyOf(Objects.requireNonNull(settings, "settings"));
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancellation, "cancellation");
        Objects.requireNonNull(approval, "approval");
    }

    /**
     * A request to write the graph's files into {@code directory}: no settings, an empty
     * environment, no listener, a cancellation nobody cancels, and an approval that declines.
     */
    public static ExportRequest of(ResourceGraph graph, Path directory) {
        return new ExportRequest(graph, directory, ExportMode.WRITE, Map.of(), Map.of(), DeployListener.NONE,
                new Cancellation(), ExportApproval.NEVER);
    }

    /** This request with another mode; a tool it runs still gets only {@link #environment()}. */
    public ExportRequest withMode(ExportMode newMode) {
        return new ExportRequest(graph, directory, newMode, settings, environment, listener, cancellation, approval);
    }

    /** This request with these settings. */
    public ExportRequest withSettings(Map<String, String> newSettings) {
        return new ExportRequest(graph, directory, mode, newSettings, environment, listener, cancellation, approval);
    }

    /** This request with this (complete) environment for the tool. */
    public ExportRequest withEnvironment(Map<String, String> newEnvironment) {
        return new ExportRequest(graph, directory, mode, settings, newEnvironment, listener, cancellation, approval);
    }

    /** This request reporting progress to {@code newListener}. */
    public ExportRequest withListener(DeployListener newListener) {
        return new ExportRequest(graph, directory, mode, settings, environment, newListener, cancellation, approval);
    }

    /** This request stopped through {@code newCancellation}. */
    public ExportRequest withCancellation(Cancellation newCancellation) {
        return new ExportRequest(graph, directory, mode, settings, environment, listener, newCancellation, approval);
    }

    /** This request applying the plans {@code newApproval} approves. */
    public ExportRequest withApproval(ExportApproval newApproval) {
        return new ExportRequest(graph, directory, mode, settings, environment, listener, cancellation, newApproval);
    }
}
