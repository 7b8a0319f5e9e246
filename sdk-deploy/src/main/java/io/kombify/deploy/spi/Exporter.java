package io.kombify.deploy.spi;

import java.util.Set;

/**
 * Writes a stack's resource graph in another tool's configuration format, such as OpenTofu's
 * {@code *.tf.json}, for teams that keep running that tool. An exporter names its
 * {@link #format()} ({@code kombify export FORMAT}), writes files into the request's directory
 * and reports, as warnings, every resource it could not express: nothing is left out silently.
 *
 * <p>Some formats come with a tool that can plan and apply them. An exporter that drives its
 * tool lists {@link ExportMode#PLAN} and {@link ExportMode#APPLY} in {@link #modes()} and reports
 * the tool's progress through the request's listener as {@link io.kombify.deploy.DeployEvent}s. It
 * applies only plans the request's {@link ExportApproval} approves, gives the tool only the request's
 * environment, and stops the tool when the request's {@link io.kombify.deploy.Cancellation} is
 * cancelled (or the thread interrupted), the way the tool stops without losing track of what it did.
 *
 * <p>Exporters are found through {@link java.util.ServiceLoader} or, in a plugin, through the PF4J
 * extension point {@link io.kombify.deploy.plugin.ExporterExtension}; an
 * {@link io.kombify.deploy.plugin.ExporterRegistry} merges both. Implementations are thread-safe
 * and keep no state between calls. Secret values are never written: {@code secret://} references
 * become inputs of the target tool that the user sets.
 */
public interface Exporter {

    /** The format's name, lower-case, such as {@code opentofu}. */
    String format();

    /** A one-line description for {@code kombify plugins list}. */
    default String description() {
        return "";
    }

    /** What it can do besides writing files; always includes {@link ExportMode#WRITE}. */
    default Set<ExportMode> modes() {
        return Set.of(ExportMode.WRITE);
    }

    /**
     * Writes the graph's files into the request's directory and, for {@link ExportMode#PLAN} or
     * {@link ExportMode#APPLY}, runs the format's tool on them.
     *
     * @return the files written, the warnings and, when a tool ran, what it planned or applied; an apply
     *         that failed, was declined or was stopped part way is a result whose run says so
     * @throws io.kombify.core.KombifyException when the files cannot be written ({@code IO_ERROR}),
     *                                          or the tool cannot be found, fails or is stopped before
     *                                          applying anything; the exception's code and hint say which
     */
    ExportResult export(ExportRequest request);
}
