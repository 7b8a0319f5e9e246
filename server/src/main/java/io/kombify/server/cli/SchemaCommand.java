package io.kombify.server.cli;

import io.kombify.spec.SpecSchema;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kombify schema}: the JSON Schema for editors. */
@Command(name = "schema",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Print the JSON Schema (draft 2020-12) of kombination.yaml.",
                "Editors use it for completion and inline checks, e.g. with the YAML language server:",
                "  kombify schema > kombination.schema.json",
                "  # yaml-language-server: $schema=./kombination.schema.json"})
final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(SpecSchema.jsonSchema());
        out.flush();
        return 0;
    }
}
