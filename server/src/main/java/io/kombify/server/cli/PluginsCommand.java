package io.kombify.server.cli;

import io.kombify.deploy.plugin.ExporterRegistry;
import io.kombify.deploy.plugin.InstalledPlugin;
import io.kombify.deploy.plugin.PluginHost;
import io.kombify.deploy.plugin.PluginInfo;
import io.kombify.deploy.plugin.PluginInstaller;
import io.kombify.deploy.plugin.PluginProblem;
import io.kombify.deploy.plugin.ProviderRegistry;
import io.kombify.deploy.plugin.RegisteredExporter;
import io.kombify.deploy.plugin.RegisteredProvider;
import io.kombify.deploy.plugin.RemovedPlugin;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kombify plugins}: list, install and remove provider plugins. */
@Command(name = "plugins",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "List, install and remove provider plugins (PF4J plugin jars or zips).",
        subcommands = {PluginsCommand.ListCommand.class, PluginsCommand.InstallCommand.class,
                PluginsCommand.RemoveCommand.class},
        synopsisSubcommandLabel = "COMMAND")
final class PluginsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: list, install or remove");
    }

    /** The {@code --plugins-dir} option. */
    static final class Dir {
        @Option(names = "--plugins-dir", paramLabel = "DIR",
                description = "Where plugins are installed (default: ~/.kombify/plugins).")
        Path dir;

        Path path() {
            return dir != null ? dir : PluginHost.defaultDirectory(Path.of(System.getProperty("user.home")));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Load every plugin and list them, the providers found (on the class path and in plugins) "
                    + "and each problem with its fix.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Dir dir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (PluginHost host = PluginHost.start(dir.path())) {
                ProviderRegistry registry = ProviderRegistry.discover(host, PluginsCommand.class.getClassLoader());
                List<PluginInfo> plugins = host.plugins();
                out.println("Plugins in " + host.directory().toAbsolutePath() + ": "
                        + (plugins.isEmpty() ? "none" : plugins.size()));
                for (PluginInfo p : plugins) {
                    out.printf("  %-24s %-10s %-9s %s%n", p.id(), p.version(), p.state().name().toLowerCase(java.util.Locale.ROOT),
                            p.description().isEmpty() ? p.path().getFileName() : p.description());
                }
                out.println("Providers:" + (registry.entries().isEmpty() ? " none" : ""));
                for (RegisteredProvider r : registry.entries()) {
                    out.printf("  %-24s %s%s%n", r.name(), r.source(), r.description().isEmpty() ? "" : " - " + r.description());
                }
                // Exporters are listed when plugins contribute some (the opentofu plugin has no provider).
                ExporterRegistry exporters = ExporterRegistry.discover(host, PluginsCommand.class.getClassLoader());
                List<PluginProblem> exporterProblems = exporters.problems().stream()
                        .filter(p -> p.code().startsWith("EXPORTER_")).toList();
                if (exporters.entries().stream().anyMatch(RegisteredExporter::fromPlugin) || !exporterProblems.isEmpty()) {
                    out.println("Exporters:" + (exporters.entries().isEmpty() ? " none" : ""));
                    for (RegisteredExporter e : exporters.entries()) {
                        out.printf("  %-24s %s%s%n", e.format(), e.source(), e.description().isEmpty() ? "" : " - " + e.description());
                    }
                }
                List<PluginProblem> problems = new ArrayList<>(registry.problems());
                problems.addAll(exporterProblems);
                if (!problems.isEmpty()) {
                    out.println("Problems:");
                    for (PluginProblem p : problems) {
                        out.println("  " + p);
                    }
                }
                out.flush();
                return problems.isEmpty() ? 0 : KombifyCommand.INVALID;
            }
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Check a plugin archive (descriptor, SDK version) and copy it into the plugin directory, "
                    + "replacing an older version of the same plugin.")
    static final class InstallCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The plugin jar or zip.")
        Path file;

        @Option(names = "--allow-downgrade", description = "Replace a newer installed version with this older one.")
        boolean allowDowngrade;

        @Mixin
        Dir dir;

        @Override
        public Integer call() {
            InstalledPlugin installed = new PluginInstaller(dir.path()).install(file, allowDowngrade);
            spec.commandLine().getOut().println(installed.message());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an installed plugin by its id.")
    static final class RemoveCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "The plugin's id, as `kombify plugins list` shows it.")
        String id;

        @Mixin
        Dir dir;

        @Override
        public Integer call() {
            RemovedPlugin removed = new PluginInstaller(dir.path()).remove(id);
            spec.commandLine().getOut().println(removed.message());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
