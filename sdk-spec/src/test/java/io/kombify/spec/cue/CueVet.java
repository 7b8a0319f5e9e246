package io.kombify.spec.cue;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Assumptions;

/**
 * The real CUE evaluator, run by Node.js from {@code sdk-spec/src/test/cue-harness}, vetting
 * JSON documents against upstream's {@code kombination.cue} the way
 * {@code cue vet -d '#KombinationSpec' kombination.cue FILE} does. One process vets any number
 * of documents; the schema is read from the upstream checkout, never from a copy.
 *
 * <p>When Node.js, the harness's {@code node_modules} or the upstream schema is missing, the
 * calling test is skipped with the command that prepares it; with {@code CI=true} in the
 * environment it fails instead, so that a build server never passes without this check.
 */
final class CueVet implements AutoCloseable {
    /** Prepares the harness; run from the repository root. */
    static final String PREPARE_COMMAND = "npm ci --prefix sdk-spec/src/test/cue-harness --ignore-scripts --no-audit --no-fund";
    static final String DEFINITION = "#KombinationSpec";

    private static final long BATCH_TIMEOUT_SECONDS = 300;

    /** What CUE said about one document: valid, or the first error it reported. */
    record Verdict(boolean valid, String error) {
        static Verdict ok() {
            return new Verdict(true, null);
        }

        @Override
        public String toString() {
            return valid ? "valid" : "invalid: " + error;
        }
    }

    private final Process process;
    private final Path stderr;
    private final BufferedWriter in;
    private final BufferedReader out;

    private CueVet(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The repository root: {@code kombify.root} as set by the build, else found from the working directory. */
    static Path repositoryRoot() {
        String property = System.getProperty("kombify.root");
        if (property != null && !property.isBlank()) {
            return Paths.get(property).toAbsolutePath().normalize();
        }
        Path dir = Paths.get("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("sdk-spec").resolve("src"))) {
                return p;
            }
        }
        return dir;
    }

    /** Upstream's reference data: {@code kombify.upstream}, else {@code ../shared/upstream} beside the repository. */
    static Path upstream() {
        String property = System.getProperty("kombify.upstream");
        if (property != null && !property.isBlank()) {
            return Paths.get(property).toAbsolutePath().normalize();
        }
        return repositoryRoot().resolve("../shared/upstream").normalize();
    }

    static Path schemaFile() {
        return upstream().resolve("TechStack/pkg/unifier/schema/kombination.cue");
    }

    static Path harnessDirectory() {
        return repositoryRoot().resolve("sdk-spec/src/test/cue-harness");
    }

    /**
     * Starts the evaluator, or skips the calling test (fails it when {@code CI=true}) with a
     * message that says what is missing and how to prepare it.
     */
    static CueVet startOrSkip() {
        String missing = missingPrerequisite();
        if (missing != null) {
            skipOrFail(missing);
        }
        try {
            return start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the CUE harness: " + e.getMessage(), e);
        }
    }

    /** Skips the calling test because {@code missing}, or fails it when {@code CI=true}. */
    static void skipOrFail(String missing) {
        String message = missing + "; the differential test against the CUE schema needs it. Prepare it with: "
                + PREPARE_COMMAND + " (Node.js 18 or later on PATH)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true: " + message);
        }
        Assumptions.abort(message);
    }

    /** Why the evaluator cannot run here, or {@code null} when it can. */
    static String missingPrerequisite() {
        if (!Files.isRegularFile(schemaFile())) {
            return "the upstream schema " + schemaFile() + " is missing";
        }
        if (!Files.isRegularFile(harnessDirectory().resolve("vet.mjs"))) {
            return "the harness " + harnessDirectory().resolve("vet.mjs") + " is missing";
        }
        if (!Files.isRegularFile(harnessDirectory().resolve("node_modules/cue-wasm/package.json"))) {
            return "the harness's node_modules (" + harnessDirectory().resolve("node_modules") + ") are not installed";
        }
        String version = nodeVersion();
        if (version == null) {
            return "Node.js (the node command) is not on PATH";
        }
        int major = majorVersion(version);
        if (major < 18) {
            return "Node.js " + version + " is too old (18 or later is needed)";
        }
        return null;
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? text : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static int majorVersion(String version) {
        String v = version.startsWith("v") ? version.substring(1) : version;
        int dot = v.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static CueVet start() throws IOException {
        Path stderr = Files.createTempFile("cue-vet", ".log");
        Process process = new ProcessBuilder("node", "vet.mjs", schemaFile().toString(), DEFINITION)
                .directory(harnessDirectory().toFile())
                .redirectError(stderr.toFile())
                .start();
        return new CueVet(process, stderr);
    }

    /** Vets each document (compact JSON, one line each), in order. */
    List<Verdict> vetAll(List<String> documents) {
        for (String d : documents) {
            if (d.indexOf('\n') >= 0 || d.indexOf('\r') >= 0 || d.isBlank()) {
                throw new IllegalArgumentException("a document must be non-blank JSON on one line: " + d);
            }
        }
        // Written from another thread: the harness answers while it reads, and both pipes are bounded.
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try {
                for (String d : documents) {
                    in.write(d);
                    in.write('\n');
                }
                in.flush();
            } catch (IOException e) {
                throw new IllegalStateException("cannot write to the CUE harness: " + e.getMessage() + diagnostics(), e);
            }
        });
        CompletableFuture<List<Verdict>> reading = CompletableFuture.supplyAsync(() -> {
            List<Verdict> verdicts = new ArrayList<>(documents.size());
            try {
                for (int i = 0; i < documents.size(); i++) {
                    String line = out.readLine();
                    if (line == null) {
                        throw new IllegalStateException("the CUE harness stopped after " + i + " of "
                                + documents.size() + " documents" + diagnostics());
                    }
                    verdicts.add(parse(line));
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read from the CUE harness: " + e.getMessage() + diagnostics(), e);
            }
            return verdicts;
        });
        try {
            writing.get(BATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return reading.get(BATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the CUE harness did not answer within " + BATCH_TIMEOUT_SECONDS + " s" + diagnostics(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while vetting", e);
        }
    }

    Verdict vet(String document) {
        return vetAll(List.of(document)).get(0);
    }

    /** Reads one answer line: {@code {"ok":true}} or {@code {"ok":false,"error":"..."}}. */
    private static Verdict parse(String line) {
        Object node = Json.parse(line);
        if (!(node instanceof java.util.Map<?, ?> map) || !(map.get("ok") instanceof Boolean ok)) {
            throw new IllegalStateException("unexpected answer from the CUE harness: " + line);
        }
        return ok ? Verdict.ok() : new Verdict(false, String.valueOf(map.get("error")));
    }

    private String diagnostics() {
        try {
            String text = Files.readString(stderr, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? "" : "; harness said: " + text;
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            in.close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(stderr);
            } catch (IOException ignored) {
                // A temporary file left behind is harmless.
            }
        }
    }
}
