package io.kombify.server.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;

/** Options shared by {@code plan}, {@code apply}, {@code destroy} and {@code drift}, as a picocli mixin. */
final class DeployOptions {

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the state, its lock and the journal live (default: .kombify/ beside the spec or "
                    + "plan file, or in the current directory when none is given).")
    Path stateDir;

    @Option(names = "--simulate",
            description = "Rehearse against the simulated provider instead of real infrastructure; the simulated "
                    + "world is kept in the state directory, so separate runs see the same world.")
    boolean simulate;

    @Option(names = "--fault", paramLabel = "SPEC",
            description = "With --simulate: a fault of the simulated provider, such as crash-after-step:3, "
                    + "latency:200ms or provider-rate-limit:hetzner=30s@call(3); repeatable (see below).")
    List<String> faults = new ArrayList<>();

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Where provider plugins are installed (default: ~/.kombify/plugins).")
    Path pluginsDir;

    @Option(names = "--provider-setting", paramLabel = "PROVIDER.KEY=VALUE",
            description = "A provider setting, such as docker.endpoint=unix:///var/run/docker.sock; repeatable. "
                    + "Values may be secret:// references.")
    List<String> providerSettings = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output: text or json (default: ${DEFAULT-VALUE}).")
    String format;

    /** The state directory: the option, else {@code .kombify/} beside the spec or plan file (or here). */
    Path stateDir(String file) {
        if (stateDir != null) {
            return stateDir;
        }
        return defaultStateDir(file);
    }

    /** {@code .kombify/} beside {@code file}, or in the current directory for none or standard input. */
    static Path defaultStateDir(String file) {
        if (file == null || file.equals("-")) {
            return Path.of(".kombify");
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        return parent == null ? Path.of(".kombify") : parent.resolve(".kombify");
    }

    /** The plugins directory: the option, else {@code ~/.kombify/plugins}. */
    Path pluginsDir() {
        return pluginsDir != null ? pluginsDir : Path.of(System.getProperty("user.home"), ".kombify", "plugins");
    }
}
