package io.kombify.server.cli;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.deploy.Action;
import io.kombify.deploy.ApplyStatus;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.ExportChange;
import io.kombify.deploy.spi.ExportMode;
import io.kombify.deploy.spi.ExportRequest;
import io.kombify.deploy.spi.ExportResult;
import io.kombify.deploy.spi.ExportRun;
import io.kombify.deploy.spi.Exporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An exporter on the command's test class path ({@code META-INF/services}) that can also plan and
 * apply, without any tool: its plan creates every container of the graph, and its apply asks the
 * request's approval and, when approved, "applies" by writing {@code applied.txt}. The setting
 * {@code server-tool-test.fail} makes it refuse its settings as an exporter with a real tool does.
 */
public final class ServerToolTestExporter implements Exporter {

    static final String FORMAT = "server-tool-test";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Set<ExportMode> modes() {
        return Set.of(ExportMode.WRITE, ExportMode.PLAN, ExportMode.APPLY);
    }

    @Override
    public ExportResult export(ExportRequest request) {
        if (request.settings().containsKey(FORMAT + ".fail")) {
            throw new KombifyException("EXPORT_SETTING_INVALID", "the setting " + FORMAT + ".fail makes no sense",
                    List.of(Diagnostic.error("EXPORT_SETTING_INVALID", "", "the setting " + FORMAT + ".fail makes no sense",
                            "leave it out")));
        }
        Path dir = request.directory();
        List<ExportChange> changes = new ArrayList<>();
        for (Resource r : request.graph().resources()) {
            if (r.type().equals(ResourceType.CONTAINER)) {
                changes.add(new ExportChange("tool_container." + r.id().name(), r.id(), Action.CREATE, ""));
            }
        }
        Path file = write(dir.resolve("plan.txt"), changes.size() + " containers\n");
        if (request.mode() == ExportMode.WRITE) {
            return new ExportResult(FORMAT, dir, List.of(file), List.of(), List.of(), Optional.empty());
        }
        ExportRun plan = new ExportRun(ExportMode.PLAN, "Tool 1.0", changes, List.of(), Optional.empty(), List.of(),
                Duration.ZERO);
        if (request.mode() == ExportMode.PLAN) {
            return new ExportResult(FORMAT, dir, List.of(file), List.of(), List.of(), Optional.of(plan));
        }
        boolean approved = request.approval().approve(plan);
        if (approved) {
            write(dir.resolve("applied.txt"), "applied\n");
        }
        ExportRun run = new ExportRun(ExportMode.APPLY, "Tool 1.0", changes, List.of(),
                Optional.of(approved ? ApplyStatus.SUCCEEDED : ApplyStatus.CANCELLED), List.of(), Duration.ZERO);
        return new ExportResult(FORMAT, dir, List.of(file), List.of(), List.of(), Optional.of(run));
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
