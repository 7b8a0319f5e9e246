package io.kombify.deploy;

import java.util.Map;
import java.util.Objects;

/**
 * How to apply.
 *
 * @param parallelism            at most this many provider calls run at once (at least 1)
 * @param providerParallelism    per provider name, a lower bound for that provider's calls;
 *                               a provider's own {@link io.kombify.deploy.spi.RateLimit} also applies
 * @param retry                  how retryable errors are retried
 * @param cancellation           lets another thread stop the apply
 */
public record ApplyOptions(int parallelism, Map<String, Integer> providerParallelism, RetryPolicy retry,
                           Cancellation cancellation) {

    /** Ten at once, default retries. */
    public static ApplyOptions defaults() {
        return new ApplyOptions(10, Map.of(), RetryPolicy.DEFAULT, new Cancellation());
    }

    public ApplyOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        providerParallelism = Map.copyOf(Objects.requireNonNull(providerParallelism, "providerParallelism"));
        providerParallelism.forEach((k, v) -> {
            if (v < 1) {
                throw new IllegalArgumentException("parallelism for provider " + k + " must be at least 1, not " + v);
            }
        });
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /** These options with another global parallelism. */
    public ApplyOptions withParallelism(int n) {
        return new ApplyOptions(n, providerParallelism, retry, cancellation);
    }

    /** These options with another retry policy. */
    public ApplyOptions withRetry(RetryPolicy policy) {
        return new ApplyOptions(parallelism, providerParallelism, policy, cancellation);
    }

    /** These options with another cancellation handle. */
    public ApplyOptions withCancellation(Cancellation handle) {
        return new ApplyOptions(parallelism, providerParallelism, retry, handle);
    }

    /** These options with a limit for one provider's calls. */
    public ApplyOptions withProviderParallelism(String provider, int n) {
        Map<String, Integer> copy = new java.util.HashMap<>(providerParallelism);
        copy.put(provider, n);
        return new ApplyOptions(parallelism, copy, retry, cancellation);
    }
}
