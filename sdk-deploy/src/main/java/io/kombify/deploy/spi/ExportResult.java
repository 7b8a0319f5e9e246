package io.kombify.deploy.spi;

import io.kombify.core.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link Exporter} did.
 *
 * @param format    the format written
 * @param directory the directory written into
 * @param files     the files written, in the order written
 * @param warnings  what the export could not express or had to choose (each with the resource address in
 *                  its message and a hint), and any other warning for the user
 * @param nextSteps what the user does next, one sentence each (such as which variables to set)
 * @param run       what the format's tool did, for {@link ExportMode#PLAN} and {@link ExportMode#APPLY}
 */
public record ExportResult(String format, Path directory, List<Path> files, List<Diagnostic> warnings,
                           List<String> nextSteps, Optional<ExportRun> run) {

    public ExportResult {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(directory, "directory");
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
        nextSteps = List.copyOf(nextSteps);
        Objects.requireNonNull(run, "run");
    }

    /** Whether everything asked for succeeded: always for a write, for a plan or apply when the tool did. */
    public boolean succeeded() {
        return run.map(ExportRun::succeeded).orElse(true);
    }
}
