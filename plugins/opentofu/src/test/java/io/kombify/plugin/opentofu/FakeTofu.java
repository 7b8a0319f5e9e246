package io.kombify.plugin.opentofu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A test double for OpenTofu's {@code tofu} binary: a POSIX shell script named {@code tofu} in a
 * directory of its own. It records each call (arguments, working directory, whether
 * {@code TF_IN_AUTOMATION} is set) in {@code calls.log} beside it. {@code init} fails when
 * {@code init.fail} exists. {@code plan} is the variant {@code plan}, or {@code plan-target} when
 * it is given {@code -target=}; it writes its variant into the plan file ({@code -out=}), and
 * {@code apply PLANFILE} is the variant {@code apply} or {@code apply-target} of the plan it
 * applies. A variant prints the JSON lines of {@code VARIANT.jsonl}, then, when
 * {@code VARIANT.sleep} exists, sleeps that many seconds in a child process, then prints
 * {@code VARIANT.stderr} on standard error and exits with the status in {@code VARIANT.status}
 * (0 when absent).
 *
 * <p>Signals are handled as tofu handles them: the first SIGTERM or SIGINT prints tofu's
 * "Interrupt received" log message and lets the work in flight finish (the sleep ends after
 * {@code grace} seconds, 0 when absent), a second one exits at once; every signal is counted in
 * {@code signals}. With {@code deaf} present, signals are counted and otherwise ignored, as by a
 * tofu that hangs. The lines it replays are the documented shapes of OpenTofu's machine-readable UI.
 */
final class FakeTofu {

    private static final String SCRIPT = """
            #!/bin/sh
            # A test double for OpenTofu's tofu: it records its calls and replays prepared -json output.
            here=$(cd "$(dirname "$0")" && pwd)
            echo "$* | cwd=$(pwd) | TF_IN_AUTOMATION=$TF_IN_AUTOMATION" >> "$here/calls.log"
            child=
            term() {
              n=$(( $(cat "$here/signals" 2>/dev/null || echo 0) + 1 ))
              echo "$n" > "$here/signals"
              if [ -f "$here/deaf" ]; then return; fi
              if [ "$n" -eq 1 ]; then
                printf '%s\\n' '{"@level":"info","@message":"\\nInterrupt received.\\nPlease wait for OpenTofu to exit or data loss may occur.\\nGracefully shutting down...\\n","@module":"tofu.ui","type":"log"}'
                g=$(cat "$here/grace" 2>/dev/null || echo 0)
                ( sleep "$g"; kill "$child" 2>/dev/null ) > /dev/null 2>&1 &
              else
                printf '%s\\n' '{"@level":"info","@message":"\\nTwo interrupts received. Exiting immediately. Note that data loss may have occurred.\\n","@module":"tofu.ui","type":"log"}'
                kill "$child" 2>/dev/null
                exit 1
              fi
            }
            trap term TERM INT
            case "$1" in
              init)
                echo "Initializing provider plugins..."
                if [ -f "$here/init.fail" ]; then
                  echo "Error: Failed to query available provider packages" >&2
                  exit 1
                fi
                echo "OpenTofu has been successfully initialized!"
                exit 0 ;;
              plan)
                variant=plan
                out=
                for a in "$@"; do
                  case "$a" in
                    -target=*) variant=plan-target ;;
                    -out=*) out="${a#-out=}" ;;
                  esac
                done
                if [ -n "$out" ]; then echo "$variant" > "$out"; fi ;;
              apply)
                for a in "$@"; do planfile="$a"; done
                variant=apply
                if [ "$(cat "$planfile" 2>/dev/null)" = "plan-target" ]; then variant=apply-target; fi ;;
              *)
                echo "unexpected command $1" >&2
                exit 64 ;;
            esac
            if [ -f "$here/$variant.jsonl" ]; then cat "$here/$variant.jsonl"; fi
            if [ -f "$here/$variant.sleep" ]; then
              sleep "$(cat "$here/$variant.sleep")" > /dev/null 2>&1 &
              child=$!
              echo "$child" > "$here/$variant.child"
              while kill -0 "$child" 2>/dev/null; do
                wait "$child"
              done
              if [ -f "$here/signals" ]; then exit 1; fi
            fi
            if [ -f "$here/$variant.stderr" ]; then cat "$here/$variant.stderr" >&2; fi
            if [ -f "$here/$variant.status" ]; then exit "$(cat "$here/$variant.status")"; fi
            exit 0
            """;

    final Path dir;
    final Path binary;

    private FakeTofu(Path dir) {
        this.dir = dir;
        this.binary = dir.resolve("tofu");
    }

    /** Writes the script into {@code dir}. */
    static FakeTofu in(Path dir) {
        try {
            Files.createDirectories(dir);
            FakeTofu fake = new FakeTofu(dir);
            Files.writeString(fake.binary, SCRIPT);
            if (!fake.binary.toFile().setExecutable(true)) {
                throw new IllegalStateException("cannot make " + fake.binary + " executable");
            }
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeTofu plan(String... lines) {
        return write("plan.jsonl", String.join("\n", lines) + "\n");
    }

    FakeTofu apply(String... lines) {
        return write("apply.jsonl", String.join("\n", lines) + "\n");
    }

    /** What {@code plan -target=...} prints. */
    FakeTofu planTargeted(String... lines) {
        return write("plan-target.jsonl", String.join("\n", lines) + "\n");
    }

    /** What applying a targeted plan prints. */
    FakeTofu applyTargeted(String... lines) {
        return write("apply-target.jsonl", String.join("\n", lines) + "\n");
    }

    /** The variant sleeps this long after its output, in a child process, unless signalled. */
    FakeTofu sleeps(String variant, int seconds) {
        return write(variant + ".sleep", Integer.toString(seconds));
    }

    /** After the first signal, the work in flight takes this long to finish. */
    FakeTofu finishesWithin(int seconds) {
        return write("grace", Integer.toString(seconds));
    }

    /** Signals are counted and otherwise ignored. */
    FakeTofu deaf() {
        return write("deaf", "");
    }

    /** How many signals reached it. */
    int signals() {
        try {
            Path f = dir.resolve("signals");
            return Files.exists(f) ? Integer.parseInt(Files.readString(f).strip()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process id of the sleep a variant started, once it has. */
    java.util.Optional<Long> child(String variant) {
        try {
            Path f = dir.resolve(variant + ".child");
            return Files.exists(f) ? java.util.Optional.of(Long.parseLong(Files.readString(f).strip()))
                    : java.util.Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    FakeTofu exits(String command, int status, String stderr) {
        write(command + ".status", Integer.toString(status));
        return write(command + ".stderr", stderr);
    }

    FakeTofu initFails() {
        return write("init.fail", "");
    }

    List<String> calls() {
        try {
            Path log = dir.resolve("calls.log");
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FakeTofu write(String name, String text) {
        try {
            Files.writeString(dir.resolve(name), text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- documented message shapes, for the resources of an export ---

    static String version() {
        return "{\"@level\":\"info\",\"@message\":\"OpenTofu 1.10.6\",\"@module\":\"tofu.ui\","
                + "\"@timestamp\":\"2026-11-20T10:00:00.000000Z\",\"tofu\":\"1.10.6\",\"type\":\"version\",\"ui\":\"1.2\"}";
    }

    static String planned(String address, String action) {
        return "{\"@level\":\"info\",\"@message\":\"" + address + ": Plan to " + action + "\",\"@module\":\"tofu.ui\","
                + "\"change\":{\"resource\":" + resource(address) + ",\"action\":\"" + action + "\"},\"type\":\"planned_change\"}";
    }

    static String summary(String operation, int add, int change, int remove) {
        return "{\"@level\":\"info\",\"@message\":\"" + (operation.equals("plan") ? "Plan" : "Apply complete! Resources")
                + ": " + add + " to add, " + change + " to change, " + remove + " to destroy.\",\"@module\":\"tofu.ui\","
                + "\"changes\":{\"add\":" + add + ",\"change\":" + change + ",\"remove\":" + remove + ",\"operation\":\""
                + operation + "\"},\"type\":\"change_summary\"}";
    }

    static String hook(String type, String address, String action, int elapsed) {
        return "{\"@level\":\"info\",\"@message\":\"" + address + ": " + type + "\",\"@module\":\"tofu.ui\",\"hook\":{"
                + "\"resource\":" + resource(address) + ",\"action\":\"" + action + "\",\"elapsed_seconds\":" + elapsed
                + "},\"type\":\"" + type + "\"}";
    }

    static String error(String address, String summary, String detail) {
        return "{\"@level\":\"error\",\"@message\":\"Error: " + summary + "\",\"@module\":\"tofu.ui\",\"diagnostic\":{"
                + "\"severity\":\"error\",\"summary\":\"" + summary + "\",\"detail\":\"" + detail + "\""
                + (address == null ? "" : ",\"address\":\"" + address + "\"") + "},\"type\":\"diagnostic\"}";
    }

    private static String resource(String address) {
        int dot = address.indexOf('.');
        return "{\"addr\":\"" + address + "\",\"module\":\"\",\"resource\":\"" + address + "\",\"implied_provider\":\""
                + address.substring(0, address.indexOf('_')) + "\",\"resource_type\":\"" + address.substring(0, dot)
                + "\",\"resource_name\":\"" + address.substring(dot + 1) + "\",\"resource_key\":null}";
    }
}
