package io.kombify.deploy.spi;

/** Why a provider call failed; decides whether the executor retries it. */
public enum ErrorKind {
    /** The API asked us to slow down (HTTP 429); retried, honouring Retry-After. */
    RATE_LIMITED(true, "PROVIDER_RATE_LIMITED"),
    /** The API failed on its side (HTTP 5xx) or is temporarily unavailable; retried. */
    UNAVAILABLE(true, "PROVIDER_UNAVAILABLE"),
    /** The call timed out; retried (the idempotency key makes that safe). */
    TIMEOUT(true, "PROVIDER_TIMEOUT"),
    /** Something else is changing the resource; retried. */
    CONFLICT(true, "PROVIDER_CONFLICT"),
    /** The request was refused as invalid; not retried. */
    INVALID(false, "PROVIDER_REQUEST_INVALID"),
    /** The credentials were refused or lack a permission; not retried. */
    UNAUTHORIZED(false, "PROVIDER_UNAUTHORIZED"),
    /** The resource or something it refers to does not exist; not retried. */
    NOT_FOUND(false, "PROVIDER_NOT_FOUND"),
    /** The account's quota or the location's capacity is exhausted; not retried. */
    QUOTA_EXCEEDED(false, "PROVIDER_QUOTA_EXCEEDED"),
    /** Any other failure; not retried. */
    FATAL(false, "PROVIDER_FAILED");

    private final boolean retryable;
    private final String code;

    ErrorKind(boolean retryable, String code) {
        this.retryable = retryable;
        this.code = code;
    }

    /** Whether a retry may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** The error code exceptions of this kind carry by default. */
    public String code() {
        return code;
    }
}
