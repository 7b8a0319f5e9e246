package io.kombify.deploy.spi;

import io.kombify.core.KombifyException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider call failed. Says whether a retry may succeed ({@link #retryable()}) and how long the
 * provider asked us to wait ({@link #retryAfter()}). Messages never contain secret values.
 */
public class ProviderException extends KombifyException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final transient Duration retryAfter;

    /** A failure of the given kind with that kind's code. */
    public ProviderException(ErrorKind kind, String message) {
        this(kind, kind.code(), message, null, null);
    }

    /**
     * A failure with its own code.
     *
     * @param retryAfter how long the provider asked us to wait, or {@code null}
     * @param cause      the underlying exception, or {@code null}
     */
    public ProviderException(ErrorKind kind, String code, String message, Duration retryAfter, Throwable cause) {
        super(code, message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
        this.retryAfter = retryAfter;
    }

    /** A rate-limit refusal (HTTP 429) with the Retry-After the API gave, or {@code null}. */
    public static ProviderException rateLimited(String message, Duration retryAfter) {
        return new ProviderException(ErrorKind.RATE_LIMITED, ErrorKind.RATE_LIMITED.code(), message, retryAfter, null);
    }

    /** Why it failed. */
    public ErrorKind kind() {
        return kind;
    }

    /** Whether a retry may succeed. */
    public boolean retryable() {
        return kind.retryable();
    }

    /** How long the provider asked us to wait before trying again. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
