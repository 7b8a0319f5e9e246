package io.kombify.plugin.docker;

import com.github.dockerjava.api.exception.DockerException;
import io.kombify.core.KombifyException;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what docker-java throws into {@link ProviderException}s that say whether a retry may
 * help, name the engine and never carry docker-java types across the SPI.
 */
final class DockerFailures {

    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private DockerFailures() {
    }

    /**
     * The failure of {@code what} (such as {@code create container.web}) on {@code where} (such
     * as {@code node home (unix:///var/run/docker.sock)}); {@code setting} names the setting that
     * points that node elsewhere.
     */
    static ProviderException of(RuntimeException e, String what, String where, String setting) {
        if (e instanceof ProviderException p) {
            return p;
        }
        if (e instanceof KombifyException k) {
            return new ProviderException(ErrorKind.INVALID, k.code(), "could not " + what + ": " + k.getMessage(), null, k);
        }
        if (e instanceof DockerException d) {
            return ofStatus(d, what, where);
        }
        Throwable root = rootCause(e);
        String cause = describe(root);
        if (root instanceof InterruptedIOException && !(root instanceof java.nio.channels.ClosedByInterruptException)) {
            return new ProviderException(ErrorKind.TIMEOUT, "DOCKER_TIMEOUT", "could not " + what + " on " + where
                    + ": the Docker Engine did not answer in time (" + cause + ")", null, e);
        }
        if (!(root instanceof java.io.IOException)) {
            // Not the connection: a fault in the client or in how it was called, which a retry does not mend.
            return new ProviderException(ErrorKind.FATAL, "DOCKER_CLIENT_ERROR", "could not " + what + " on " + where
                    + ": the Docker client failed (" + cause + ")", null, e);
        }
        String hint = root instanceof ConnectException || cause.contains("No such file") || cause.contains("Connection refused")
                ? "; start Docker there, or point kombify at the right engine with --provider-setting " + setting + "=ENDPOINT"
                : "";
        return new ProviderException(ErrorKind.UNAVAILABLE, "DOCKER_UNREACHABLE", "could not " + what + ": cannot reach the "
                + "Docker Engine of " + where + " (" + cause + ")" + hint, null, e);
    }

    private static ProviderException ofStatus(DockerException e, String what, String where) {
        int status = e.getHttpStatus();
        String answer = dockerMessage(e);
        String lower = answer.toLowerCase(Locale.ROOT);
        String message = "could not " + what + " on " + where + ": Docker answered " + status + ": " + answer;
        ErrorKind kind;
        String code;
        if (lower.contains("port is already allocated") || lower.contains("address already in use")) {
            kind = ErrorKind.INVALID;
            code = "DOCKER_PORT_IN_USE";
            message += " (another container or program on the node holds that host port; free it or choose another "
                    + "host port for the service)";
        } else if (lower.contains("no space left on device")) {
            kind = ErrorKind.QUOTA_EXCEEDED;
            code = "DOCKER_NO_SPACE";
        } else if (status == 409) {
            kind = ErrorKind.CONFLICT;
            code = "DOCKER_CONFLICT";
        } else if (status == 429) {
            kind = ErrorKind.RATE_LIMITED;
            code = ErrorKind.RATE_LIMITED.code();
        } else if (status == 401) {
            kind = ErrorKind.UNAUTHORIZED;
            code = "DOCKER_UNAUTHORIZED";
        } else if (status == 404) {
            kind = ErrorKind.NOT_FOUND;
            code = "DOCKER_NOT_FOUND";
        } else if (status >= 500) {
            kind = ErrorKind.UNAVAILABLE;
            code = "DOCKER_ENGINE_ERROR";
        } else {
            kind = ErrorKind.INVALID;
            code = "DOCKER_REQUEST_INVALID";
        }
        return new ProviderException(kind, code, message, null, e);
    }

    /** Docker's own message: the {@code message} of its JSON answer, else the answer's first line. */
    static String dockerMessage(DockerException e) {
        String text = e.getMessage() == null ? "" : e.getMessage();
        Matcher m = MESSAGE.matcher(text);
        if (m.find()) {
            return m.group(1).replace("\\\"", "\"").replace("\\\\", "\\").strip();
        }
        String t = text.strip();
        if (t.startsWith("Status " + e.getHttpStatus() + ":")) {
            t = t.substring(("Status " + e.getHttpStatus() + ":").length()).strip();
        }
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    static String describe(Throwable t) {
        String msg = t.getMessage();
        if (msg != null) {
            int nl = msg.indexOf('\n');
            msg = nl < 0 ? msg : msg.substring(0, nl);
        }
        return t.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }
}
