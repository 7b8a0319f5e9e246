package io.kombify.server.cli;

import io.kombify.spec.ValidationPolicy;

import java.util.Arrays;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Checks of option values shared by the subcommands; a bad value is a usage error (status 2). */
final class Options {
    private Options() {
    }

    static String choice(CommandSpec spec, String option, String value, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value)) {
                return a;
            }
        }
        throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': '" + value
                + "' (expected one of " + String.join(", ", Arrays.asList(allowed)) + ")");
    }

    /** The {@code --policy} option of the commands that validate a spec, as a picocli mixin. */
    static final class Policy {
        @Spec(Spec.Target.MIXEE)
        CommandSpec mixee;

        @Option(names = "--policy", paramLabel = "POLICY", defaultValue = "default",
                description = "Size limits: default (1 to 100 nodes, at most 200 services) or unbounded.")
        String value;

        /** The chosen policy; a name other than {@code default} or {@code unbounded} is a usage error. */
        ValidationPolicy chosen() {
            return ValidationPolicy.named(choice(mixee, "--policy", value, "default", "unbounded"));
        }
    }

    /**
     * Colours only when standard input and output are a terminal, never when {@code NO_COLOR}
     * is set (no-color.org) or the terminal is {@code dumb}.
     */
    static boolean colour() {
        return System.console() != null && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
    }
}
