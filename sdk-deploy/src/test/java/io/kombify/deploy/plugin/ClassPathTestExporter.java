package io.kombify.deploy.plugin;

import io.kombify.core.Diagnostic;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.spi.ExportMode;
import io.kombify.deploy.spi.ExportRequest;
import io.kombify.deploy.spi.ExportResult;
import io.kombify.deploy.spi.Exporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An exporter registered for {@link java.util.ServiceLoader} in this module's test resources
 * ({@code META-INF/services/io.kombify.deploy.spi.Exporter}), as an in-process exporter on the
 * class path is. It writes the resource addresses, one a line, and warns about an empty graph.
 */
public final class ClassPathTestExporter implements Exporter {

    /** The format, chosen so that no real exporter has it. */
    public static final String FORMAT = "registry-test-export";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String description() {
        return "registry test exporter on the class path";
    }

    @Override
    public Set<ExportMode> modes() {
        return Set.of(ExportMode.WRITE);
    }

    @Override
    public ExportResult export(ExportRequest request) {
        ResourceGraph graph = request.graph();
        Path file = request.directory().resolve("addresses.txt");
        StringBuilder text = new StringBuilder();
        graph.resources().forEach(r -> text.append(r.id()).append('\n'));
        try {
            Files.createDirectories(request.directory());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Diagnostic> warnings = graph.size() == 0
                ? List.of(Diagnostic.warning("TEST_EXPORT_EMPTY", "", "stack " + graph.stack() + " has no resources", null))
                : List.of();
        return new ExportResult(FORMAT, request.directory(), List.of(file), warnings, List.of(), Optional.empty());
    }
}
