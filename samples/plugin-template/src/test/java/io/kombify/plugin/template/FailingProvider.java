package io.kombify.plugin.template;

import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderDescriptor;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.UpdateRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A provider whose next calls fail, as calls over a flaky network do: rate limits and
 * unavailability before the call reaches the provider, timeouts after it took effect (the answer
 * is lost, and the retry must find what the call made).
 */
final class FailingProvider implements Provider {

    private final Provider delegate;
    private ErrorKind kind;
    private int failing;

    FailingProvider(Provider delegate) {
        this.delegate = delegate;
    }

    synchronized void failNext(ErrorKind kind, int calls) {
        this.kind = kind;
        this.failing = calls;
    }

    private <T> T call(String what, Supplier<T> call) {
        ErrorKind failure;
        synchronized (this) {
            failure = failing > 0 ? kind : null;
            if (failure != null) {
                failing--;
            }
        }
        if (failure == null) {
            return call.get();
        }
        switch (failure) {
            case RATE_LIMITED -> throw ProviderException.rateLimited(what + ": too many requests", Duration.ofMillis(1));
            case TIMEOUT -> {
                call.get();
                throw new ProviderException(ErrorKind.TIMEOUT, what + ": no answer in time");
            }
            default -> throw new ProviderException(failure, what + ": injected " + failure);
        }
    }

    @Override
    public ProviderDescriptor descriptor() {
        return delegate.descriptor();
    }

    @Override
    public Optional<ResourceState> read(ReadRequest request) {
        return call("read", () -> delegate.read(request));
    }

    @Override
    public ResourceState create(CreateRequest request) {
        return call("create", () -> delegate.create(request));
    }

    @Override
    public ResourceState update(UpdateRequest request) {
        return call("update", () -> delegate.update(request));
    }

    @Override
    public void delete(DeleteRequest request) {
        call("delete", () -> {
            delegate.delete(request);
            return null;
        });
    }

    @Override
    public Optional<ResourceState> lookup(LookupRequest request) {
        return call("lookup", () -> delegate.lookup(request));
    }

    @Override
    public void close() {
        delegate.close();
    }
}
