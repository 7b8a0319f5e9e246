package io.kombify.sim;

import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;

import java.nio.file.Files;
import java.nio.file.Path;

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

    static ResolvedSpec sample(String fileName) {
        return RESOLVER.resolve(SpecReader.defaults().read(samplesDir().resolve(fileName)));
    }

    /** A spec from this module's test resources, {@code specs/NAME}. */
    static ResolvedSpec resource(String fileName) {
        try (var in = Specs.class.getResourceAsStream("/specs/" + fileName)) {
            return RESOLVER.resolve(SpecReader.defaults().read(fileName, java.util.Objects.requireNonNull(in, fileName)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ResolvedSpec yaml(String text) {
        return RESOLVER.resolve(SpecReader.defaults().readString("test.yaml", text));
    }
}
