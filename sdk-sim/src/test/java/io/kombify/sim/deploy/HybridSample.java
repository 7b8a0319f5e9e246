package io.kombify.sim.deploy;

import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped sample {@code hybrid-hetzner-headscale.yaml}, resolved. */
final class HybridSample {

    private HybridSample() {
    }

    static Path file() {
        Path root = Path.of(System.getProperty("kombify.root", ".."));
        Path file = root.resolve("samples").resolve("specs").resolve("hybrid-hetzner-headscale.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file.toAbsolutePath() + " not found");
        }
        return file;
    }

    static ResolvedSpec resolved() {
        return SpecResolver.create().resolve(SpecReader.defaults().read(file()));
    }
}
