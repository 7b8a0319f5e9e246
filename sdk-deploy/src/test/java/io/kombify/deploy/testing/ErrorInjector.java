package io.kombify.deploy.testing;

import io.kombify.deploy.spi.ErrorKind;
import java.util.EnumSet;
import java.util.Set;

/**
 * Makes a provider under test fail calls with retryable errors, the way its API fails: a
 * provider's contract test returns one from {@link ProviderContractTest#errorInjector} when the
 * provider (or the fake API it talks to in the test) can be told to fail, so the contract test
 * can check that an apply recovers from those errors without duplicating anything.
 */
@FunctionalInterface
public interface ErrorInjector {

    /**
     * Makes the next {@code calls} calls to the provider (of any operation) fail with an error of
     * {@code kind}. For {@link ErrorKind#TIMEOUT} the provider should behave as after a real
     * timeout: a create, update or delete may have taken effect although its answer was lost,
     * which is what idempotency keys are for.
     *
     * @param kind  one of {@link #kinds()}
     * @param calls how many calls in a row fail, at least 1
     */
    void failNextCalls(ErrorKind kind, int calls);

    /** The kinds {@link #failNextCalls} can produce; by default rate limits, unavailability and timeouts. */
    default Set<ErrorKind> kinds() {
        return EnumSet.of(ErrorKind.RATE_LIMITED, ErrorKind.UNAVAILABLE, ErrorKind.TIMEOUT);
    }
}
