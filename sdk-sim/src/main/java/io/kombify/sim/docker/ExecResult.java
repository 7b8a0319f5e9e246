package io.kombify.sim.docker;

import java.util.Objects;

/**
 * What a command run inside a node container produced: its exit code and output. Returned by
 * {@link DockerNodeEngine#exec(NodeContainer, String...)}.
 *
 * @param exitCode the command's exit code; 0 means success
 * @param stdout   everything it wrote to standard output
 * @param stderr   everything it wrote to standard error
 */
public record ExecResult(int exitCode, String stdout, String stderr) {

    public ExecResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /** Whether the command exited with 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }
}
