package io.kombify.deploy;

import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Resolved specs for tests: the shipped samples, or YAML written in a test. */
final class Specs {

    private static final SpecResolver RESOLVER = SpecResolver.create();

    private Specs() {
    }

    static Path samplesDir() {
        Path root = Path.of(System.getProperty("kombify.root", ".."));
        Path dir = root.resolve("samples").resolve("specs");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("samples/specs not found under " + root.toAbsolutePath());
        }
        return dir;
    }

    /** The file names of every sample spec, sorted. */
    static List<String> sampleNames() {
        try (Stream<Path> files = Files.list(samplesDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResolvedSpec sample(String fileName) {
        return RESOLVER.resolve(SpecReader.defaults().read(samplesDir().resolve(fileName)));
    }

    static ResolvedSpec yaml(String text) {
        return RESOLVER.resolve(SpecReader.defaults().readString("test.yaml", text));
    }
}
