package io.kombify.plugin.opentofu;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.deploy.plugin.ExporterExtension;
import io.kombify.deploy.spi.ExportMode;
import io.kombify.deploy.spi.ExportRequest;
import io.kombify.deploy.spi.ExportResult;
import io.kombify.deploy.spi.ExportRun;
import io.kombify.spec.PlainJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * The {@code opentofu} exporter: writes a stack as OpenTofu JSON configuration, {@code main.tf.json}
 * (for the {@code hetznercloud/hcloud} and {@code kreuzwerker/docker} providers),
 * {@code terraform.tfvars.json} (values of the non-secret variables; secrets are sensitive
 * variables the user sets as {@code TF_VAR_*}) and a {@code .gitignore} that keeps tofu's state,
 * saved plans and working directory (which hold secret values) out of version control, and with
 * {@link ExportMode#PLAN} or {@link ExportMode#APPLY} runs {@code tofu} on them, reporting its
 * progress as kombify events.
 *
 * <pre>{@code
 * ExportResult result = new OpenTofuExporter().export(ExportRequest.of(ResourceGraph.of(resolved), Path.of("tofu")));
 * result.warnings().forEach(System.out::println);   // what OpenTofu cannot express
 * }</pre>
 *
 * <p>Settings: {@code opentofu.binary}, the {@code tofu} to run (a path, or a name looked up on
 * the environment's {@code PATH}; default {@code tofu}); {@code opentofu.timeout}, how long one
 * tofu command may run before it is stopped ({@code 90s}, {@code 30m}, {@code 2h}, {@code 1h30m};
 * default {@code 1h}). Stateless and thread-safe.
 */
@Extension
public final class OpenTofuExporter implements ExporterExtension {

    /** The format name. */
    public static final String FORMAT = "opentofu";
    /** The configuration file. */
    public static final String MAIN_FILE = "main.tf.json";
    /** The variable values file, which tofu reads on its own. */
    public static final String VARS_FILE = "terraform.tfvars.json";
    /** The file that keeps state, plans and tofu's working directory out of version control. */
    public static final String IGNORE_FILE = ".gitignore";
    /** The setting limiting how long one tofu command may run. */
    static final String TIMEOUT = "opentofu.timeout";

    /** What {@link #IGNORE_FILE} lists: everything tofu writes that may hold secret values. */
    static final List<String> IGNORED = List.of(".terraform/", "*.tfplan", "*.tfstate", "*.tfstate.*", "crash.log");
    private static final String IGNORE_HEADER = "# Written by kombify export: tofu's state, saved plans and working "
            + "directory hold secret values.";
    private static final Set<String> SETTINGS = Set.of(TofuBinary.SETTING, TIMEOUT);
    private static final Pattern DURATION = Pattern.compile("(?:(\\d{1,5})h)?(?:(\\d{1,5})m)?(?:(\\d{1,7})s)?");

    private final Duration stopGrace;

    /** The exporter, as the plugin host makes it. */
    public OpenTofuExporter() {
        this(TofuRunner.STOP_GRACE);
    }

    /** An exporter that gives tofu {@code stopGrace} to stop when asked, for tests that cannot wait long. */
    OpenTofuExporter(Duration stopGrace) {
        this.stopGrace = stopGrace;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String description() {
        return "OpenTofu configuration (main.tf.json) for the hcloud and docker providers; plans and applies it with tofu";
    }

    @Override
    public Set<ExportMode> modes() {
        return Set.of(ExportMode.WRITE, ExportMode.PLAN, ExportMode.APPLY);
    }

    /**
     * Writes the files and, for {@link ExportMode#PLAN} and {@link ExportMode#APPLY}, runs tofu.
     *
     * @throws KombifyException {@code TOFU_NOT_FOUND} or {@code EXPORT_SETTING_INVALID} (before
     *                          anything is written) when tofu is to run but cannot be found or a setting
     *                          makes no sense; {@code IO_ERROR} when a file cannot be written;
     *                          {@code TOFU_INIT_FAILED}, {@code TOFU_PLAN_FAILED}, {@code TOFU_FAILED},
     *                          {@code TOFU_INTERRUPTED} or {@code TOFU_TIMEOUT} when tofu fails or is
     *                          stopped before applying. An apply that failed, was stopped or was not
     *                          approved is a result whose run says {@code FAILED} or {@code CANCELLED},
     *                          with the reason among its diagnostics.
     */
    @Override
    public ExportResult export(ExportRequest request) {
        Duration timeout = timeout(request);
        Path binary = request.mode() == ExportMode.WRITE ? null
                : TofuBinary.locate(request.settings(), request.environment());
        TofuConfig config = Translator.translate(request.graph());
        Path dir = request.directory();
        Path main = write(dir, MAIN_FILE, PlainJson.pretty(config.main()));
        Path vars = write(dir, VARS_FILE, PlainJson.pretty(config.tfvars()));
        Path ignore = write(dir, IGNORE_FILE, ignoreFile(dir.resolve(IGNORE_FILE)));
        List<Diagnostic> warnings = new ArrayList<>(config.warnings());
        for (String key : new TreeSet<>(request.settings().keySet())) {
            if (key.startsWith(FORMAT + ".") && !SETTINGS.contains(key)) {
                warnings.add(Diagnostic.warning("OPENTOFU_SETTING_UNKNOWN", "", "the setting " + key
                        + " means nothing to the opentofu exporter", "its settings are " + String.join(" and ",
                        new TreeSet<>(SETTINGS))));
            }
        }
        List<String> nextSteps = new ArrayList<>(config.nextSteps());
        Optional<ExportRun> run = binary == null ? Optional.empty()
                : Optional.of(new TofuRunner(binary, request, config.addresses(), new TofuRunner.Limits(timeout, stopGrace))
                .run(config.firstStep()));
        switch (request.mode()) {
            case WRITE -> nextSteps.add("Run tofu in " + dir + ": tofu init, tofu plan -out=" + TofuRunner.PLAN_FILE
                    + ", tofu apply " + TofuRunner.PLAN_FILE + " (the saved plan holds the values of the sensitive "
                    + "variables; delete it once applied).");
            case PLAN -> nextSteps.add("Apply the saved plan in " + dir + " with tofu apply " + TofuRunner.PLAN_FILE
                    + " and delete it afterwards (it holds the values of the sensitive variables), or export again with "
                    + "--apply.");
            case APPLY -> {
                if (run.map(ExportRun::succeeded).orElse(false)) {
                    nextSteps.clear();
                }
            }
        }
        return new ExportResult(FORMAT, dir, List.of(main, vars, ignore), warnings, nextSteps, run);
    }

    /**
     * The limit on one tofu command.
     *
     * @throws KombifyException {@code EXPORT_SETTING_INVALID} when the setting is not a duration
     */
    private static Duration timeout(ExportRequest request) {
        String text = request.settings().get(TIMEOUT);
        if (text == null) {
            return TofuRunner.DEFAULT_TIMEOUT;
        }
        Matcher m = DURATION.matcher(text.strip());
        if (!text.isBlank() && m.matches()) {
            Duration d = Duration.ofHours(number(m.group(1))).plusMinutes(number(m.group(2)))
                    .plusSeconds(number(m.group(3)));
            if (!d.isZero()) {
                return d;
            }
        }
        String message = "the setting " + TIMEOUT + " is '" + text + "', which is not a duration";
        throw new KombifyException("EXPORT_SETTING_INVALID", message, List.of(Diagnostic.error(
                "EXPORT_SETTING_INVALID", "", message, "give hours, minutes and seconds such as 90s, 30m, 2h or 1h30m")));
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }

    /** A duration the way {@code opentofu.timeout} is written: {@code 1h}, {@code 1h30m}, {@code 500ms}. */
    static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        StringBuilder b = new StringBuilder();
        if (s >= 3600) {
            b.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            b.append(s % 3600 / 60).append('m');
        }
        if (s % 60 != 0 || b.isEmpty()) {
            b.append(s % 60).append('s');
        }
        return b.toString();
    }

    /** The {@code .gitignore}: an existing one keeps its lines and gets the missing ones appended. */
    private static String ignoreFile(Path existing) {
        List<String> lines = new ArrayList<>();
        if (Files.isRegularFile(existing)) {
            try {
                lines.addAll(Files.readAllLines(existing, StandardCharsets.UTF_8));
            } catch (IOException | java.io.UncheckedIOException e) {
                throw ioError(existing, "read", e);
            }
        }
        Set<String> present = new LinkedHashSet<>();
        lines.forEach(l -> present.add(l.strip()));
        List<String> missing = IGNORED.stream().filter(p -> !present.contains(p)).toList();
        if (!missing.isEmpty()) {
            if (!present.contains(IGNORE_HEADER)) {
                if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
                    lines.add("");
                }
                lines.add(IGNORE_HEADER);
            }
            lines.addAll(missing);
        }
        return String.join("\n", lines) + "\n";
    }

    /** Writes a file atomically: a temporary file beside it, then a rename. */
    private static Path write(Path dir, String name, String text) {
        Path target = dir.resolve(name);
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + name, ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed; that is what the user needs to hear
                }
            }
            throw ioError(target, "write", e);
        }
    }

    private static KombifyException ioError(Path file, String verb, Exception e) {
        return new KombifyException("IO_ERROR", "cannot " + verb + " " + file + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()), List.of(Diagnostic.error(
                "IO_ERROR", "", "cannot " + verb + " " + file, "choose a directory you can write with --out")), e);
    }
}
