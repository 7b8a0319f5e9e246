package io.kombify.sim.docker;

import io.kombify.core.KombifyException;

import java.util.List;

/**
 * Thrown when no Docker Engine answers: the message lists every endpoint that was tried and why
 * each failed, and how to install and start Docker. Catch it to fall back to the in-memory
 * simulation, or to skip a test that needs real containers.
 */
public final class DockerUnavailableException extends KombifyException {
    private static final long serialVersionUID = 1L;

    /** The code every instance carries. */
    public static final String CODE = "DOCKER_UNAVAILABLE";

    private final List<String> tried;

    DockerUnavailableException(List<String> tried, Throwable cause) {
        super(CODE, message(tried), cause);
        this.tried = List.copyOf(tried);
    }

    /** What was tried, one entry per endpoint, such as {@code unix:///var/run/docker.sock: no such socket}. */
    public List<String> tried() {
        return tried;
    }

    private static String message(List<String> tried) {
        StringBuilder out = new StringBuilder("no Docker Engine answered; tried:");
        for (String attempt : tried) {
            out.append("\n  - ").append(attempt);
        }
        out.append("\nInstall and start Docker (Debian: apt-get install docker.io, then start dockerd"
                + " or `systemctl start docker`), or set DOCKER_HOST to a reachable engine.");
        return out.toString();
    }
}
