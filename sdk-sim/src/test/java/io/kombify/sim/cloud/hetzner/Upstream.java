package io.kombify.sim.cloud.hetzner;

import java.nio.file.Files;
import java.nio.file.Path;

/** The upstream reference data (set by the build; a fallback for IDE runs). */
final class Upstream {
    private Upstream() {
    }

    /** The published Hetzner Cloud API document. */
    static Path hcloudDocument() {
        return root().resolve("hetzner/hcloud.json");
    }

    static Path root() {
        String property = System.getProperty("kombify.upstream");
        if (property != null && Files.isDirectory(Path.of(property))) {
            return Path.of(property);
        }
        String repo = System.getProperty("kombify.root");
        Path base = repo != null ? Path.of(repo) : Path.of("").toAbsolutePath();
        for (Path p = base; p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/upstream").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("upstream reference data not found; set -Dkombify.upstream=/path/to/shared/upstream");
    }
}
