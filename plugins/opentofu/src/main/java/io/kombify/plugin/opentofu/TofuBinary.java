package io.kombify.plugin.opentofu;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the {@code tofu} executable: the one the setting {@code opentofu.binary} names (a path, or
 * a name to look up on {@code PATH}), else {@code tofu} on the {@code PATH} of the environment the
 * tool will run with. When there is none, the error lists where it looked and how to install
 * OpenTofu. The binary found is an absolute path: tofu runs in the export's directory, where a
 * relative path would name another file. A relative path in the setting is taken from the current
 * directory, as a user typing it means; relative {@code PATH} entries are skipped, since they would
 * name a different directory for every export.
 */
final class TofuBinary {

    /** The setting naming the binary. */
    static final String SETTING = "opentofu.binary";
    /** OpenTofu's installation guide. */
    static final String INSTALL_URL = "https://opentofu.org/docs/intro/install/";
    private static final int DIRECTORIES_SHOWN = 8;

    private TofuBinary() {
    }

    /**
     * The binary to run.
     *
     * @throws KombifyException {@code TOFU_NOT_FOUND} when there is none, saying where it looked
     */
    static Path locate(Map<String, String> settings, Map<String, String> environment) {
        String named = settings.get(SETTING);
        if (named != null && !named.isBlank()) {
            if (named.contains("/") || named.contains(File.separator)) {
                Path path;
                try {
                    path = Path.of(named);
                } catch (InvalidPathException e) {
                    throw notFound("the setting " + SETTING + " names '" + named + "', which is not a path");
                }
                path = path.toAbsolutePath().normalize();
                if (executable(path)) {
                    return path;
                }
                throw notFound("the setting " + SETTING + " names " + path + ", which "
                        + (Files.exists(path) ? "is not an executable file" : "does not exist"));
            }
            return onPath(named, environment);
        }
        return onPath("tofu", environment);
    }

    private static Path onPath(String name, Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", environment.getOrDefault("Path", ""));
        Set<String> distinct = new LinkedHashSet<>();
        Set<String> relative = new LinkedHashSet<>();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            if (absolute(dir)) {
                distinct.add(dir);
            } else {
                relative.add(dir);
            }
        }
        List<String> directories = new ArrayList<>(distinct);
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        for (String dir : directories) {
            for (String candidate : windows ? List.of(name + ".exe", name) : List.of(name)) {
                try {
                    Path p = Path.of(dir, candidate);
                    if (executable(p)) {
                        return p.normalize();
                    }
                } catch (InvalidPathException ignored) {
                    // a PATH entry that is no path cannot hold the binary
                }
            }
        }
        String where;
        if (directories.isEmpty()) {
            where = relative.isEmpty() ? "PATH is empty" : "PATH has no absolute directories";
        } else {
            List<String> shown = directories.subList(0, Math.min(DIRECTORIES_SHOWN, directories.size()));
            where = "looked in " + String.join(", ", shown)
                    + (directories.size() > shown.size() ? " and " + (directories.size() - shown.size()) + " more" : "");
        }
        if (!relative.isEmpty()) {
            where += "; skipped the relative entries " + String.join(", ", relative);
        }
        throw notFound("OpenTofu's " + name + " binary is not on PATH (" + where + ")");
    }

    private static boolean absolute(String dir) {
        try {
            return Path.of(dir).isAbsolute();
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static boolean executable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }

    private static KombifyException notFound(String message) {
        String hint = "install OpenTofu (" + INSTALL_URL + ": the standalone installer script, or a package such as "
                + "the deb or rpm repository, Homebrew's opentofu or the snap), or name the binary with --setting "
                + SETTING + "=PATH; without --plan or --apply the files are written without running tofu";
        return new KombifyException("TOFU_NOT_FOUND", message, List.of(Diagnostic.error("TOFU_NOT_FOUND", "", message, hint)));
    }
}
