package io.kombify.server.cli;

import io.kombify.core.Diagnostic;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.ExportRequest;
import io.kombify.deploy.spi.ExportResult;
import io.kombify.deploy.spi.Exporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An exporter on the command's test class path ({@code META-INF/services}), so that
 * {@code kombify export} can be run in-process without a plugin: it writes the resource addresses,
 * one a line, to {@code resources.txt} and warns about every DNS record, which it cannot express.
 * It only writes; it has no tool to plan or apply with.
 */
public final class ServerTestExporter implements Exporter {

    static final String FORMAT = "server-test";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String description() {
        return "resource addresses as text, for the command's tests";
    }

    @Override
    public ExportResult export(ExportRequest request) {
        Path file = request.directory().resolve("resources.txt");
        StringBuilder text = new StringBuilder();
        List<Diagnostic> warnings = new ArrayList<>();
        for (Resource r : request.graph().resources()) {
            if (r.type().equals(ResourceType.DNS_RECORD)) {
                warnings.add(Diagnostic.warning("TEST_NOT_EXPORTED", "", r.id() + ": no DNS in this format",
                        "create the record at your DNS provider"));
            } else {
                text.append(r.id()).append('\n');
            }
        }
        try {
            Files.createDirectories(request.directory());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ExportResult(FORMAT, request.directory(), List.of(file), warnings,
                List.of("Read " + file.getFileName() + "."), Optional.empty());
    }
}
