package io.kombify.plugin.opentofu;

import io.kombify.deploy.ResourceGraph;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Resource graphs for tests: the shipped sample specs, or YAML written in a test. */
final class Samples {

    private static final SpecResolver RESOLVER = SpecResolver.create();

    private Samples() {
    }

    static Path dir() {
        Path dir = Path.of(System.getProperty("kombify.root", "../..")).resolve("samples").resolve("specs");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("samples/specs not found at " + dir.toAbsolutePath());
        }
        return dir;
    }

    /** The file names of every sample spec, sorted. */
    static List<String> names() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResourceGraph graph(String fileName) {
        return ResourceGraph.of(RESOLVER.resolve(SpecReader.defaults().read(dir().resolve(fileName))));
    }

    static ResourceGraph yaml(String text) {
        return ResourceGraph.of(RESOLVER.resolve(SpecReader.defaults().readString("test.yaml", text)));
    }
}
