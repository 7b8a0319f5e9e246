package io.kombify.server.cli;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.spec.PlainJson;
import io.kombify.spec.SpecDocument;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecValidator;
import io.kombify.spec.ValidationPolicy;
import io.kombify.spec.ValidationResult;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kombify validate}: every problem of every file at once. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Check kombination.yaml files against the schema, the validation rules and the kit's requirements.",
                "Reports every error and warning at once, each with its line, column and a hint."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every file is valid (warnings allowed)", "1:a file is invalid", "2:usage or I/O error"})
final class ValidateCommand implements Callable<Integer> {
    private final InputStream stdin;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Spec files (YAML or JSON); - reads standard input.")
    List<String> files;

    @Mixin
    Options.Policy policy;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "Output: text or json.")
    String format;

    ValidateCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        ValidationPolicy chosen = policy.chosen();
        boolean json = Options.choice(spec, "--format", format, "text", "json").equals("json");
        return validate(files, chosen, json, stdin, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * Runs {@code kombify validate ARGS} without building the picocli model, or returns
     * {@code null} when the arguments need picocli (help, version, errors, anything unusual).
     * Picocli's reflective set-up costs a noticeable part of a cold start, and a cold
     * {@code validate} of one file is what editors, hooks and CI run most; the result is the
     * same either way (a test compares both paths).
     */
    static Integer fastPath(String[] args, InputStream stdin, PrintWriter out, PrintWriter err) {
        if (args.length < 2 || !args[0].equals("validate")) {
            return null;
        }
        List<String> files = new ArrayList<>();
        String policy = "default";
        String format = "text";
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String name = a.startsWith("--") && a.indexOf('=') > 0 ? a.substring(0, a.indexOf('=')) : a;
            if (name.equals("--policy") || name.equals("--format")) {
                String value;
                if (name.length() < a.length()) {
                    value = a.substring(name.length() + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    return null;
                }
                if (name.equals("--policy")) {
                    policy = value;
                } else {
                    format = value;
                }
            } else if (a.equals("-") || !a.startsWith("-") && !a.startsWith("@")) { // @file: picocli's argument files
                files.add(a);
            } else {
                return null;
            }
        }
        ValidationPolicy chosen = ValidationPolicy.named(policy);
        if (files.isEmpty() || chosen == null || !(format.equals("text") || format.equals("json"))) {
            return null;
        }
        return validate(files, chosen, format.equals("json"), stdin, out, err);
    }

    private static int validate(List<String> files, ValidationPolicy policy, boolean json, InputStream stdin,
            PrintWriter out, PrintWriter err) {
        SpecReader reader = SpecReader.defaults();
        SpecValidator validator = SpecValidator.builder().policy(policy).build();
        DiagnosticText text = new DiagnosticText(Options.colour());

        int status = 0;
        List<Object> reports = new ArrayList<>();
        boolean first = true;
        for (String file : files) {
            SpecDocument doc;
            try {
                doc = SpecInput.read(reader, file, stdin);
            } catch (KombifyException e) {
                err.println("kombify validate: " + e.getMessage());
                err.flush();
                status = KombifyCommand.USAGE;
                continue;
            }
            ValidationResult result = validator.validate(doc);
            if (!result.valid() && status == 0) {
                status = KombifyCommand.INVALID;
            }
            if (json) {
                reports.add(report(doc, result));
                continue;
            }
            if (!first) {
                out.println();
            }
            first = false;
            for (Diagnostic d : result.all()) {
                text.print(out, doc, d);
            }
            out.println(summary(doc.source(), result));
        }
        if (json) {
            out.print(PlainJson.pretty(reports));
        }
        out.flush();
        return status;
    }


    private static String summary(String source, ValidationResult result) {
        int errors = result.errors().size();
        int warnings = result.warnings().size();
        StringBuilder s = new StringBuilder(source).append(": ");
        if (result.valid()) {
            s.append("valid");
            if (result.resolvedKit() != null) {
                s.append(", kit ").append(result.resolvedKit());
            }
            if (warnings > 0) {
                s.append(", ").append(count(warnings, "warning"));
            }
        } else {
            s.append("invalid, ").append(count(errors, "error"));
            if (warnings > 0) {
                s.append(", ").append(count(warnings, "warning"));
            }
        }
        return s.toString();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static Map<String, Object> report(SpecDocument doc, ValidationResult result) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("file", doc.source());
        report.put("valid", result.valid());
        report.put("errors", diagnostics(result.errors()));
        report.put("warnings", diagnostics(result.warnings()));
        report.put("resolvedKit", result.resolvedKit());
        return report;
    }

    private static List<Object> diagnostics(List<Diagnostic> list) {
        List<Object> out = new ArrayList<>(list.size());
        for (Diagnostic d : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", d.path());
            m.put("code", d.code());
            m.put("message", d.message());
            m.put("line", d.line());
            m.put("column", d.column());
            m.put("hint", d.hint());
            out.add(m);
        }
        return out;
    }
}
