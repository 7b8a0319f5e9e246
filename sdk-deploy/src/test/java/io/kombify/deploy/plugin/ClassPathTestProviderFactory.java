package io.kombify.deploy.plugin;

import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderConfig;
import io.kombify.deploy.spi.ProviderDescriptor;
import io.kombify.deploy.spi.ProviderFactory;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.UpdateRequest;
import java.util.List;
import java.util.Optional;

/**
 * A provider registered for {@link java.util.ServiceLoader} in this module's test resources
 * ({@code META-INF/services/io.kombify.deploy.spi.ProviderFactory}), as an in-process provider on
 * the class path is.
 */
public final class ClassPathTestProviderFactory implements ProviderFactory {

    /** The name, chosen so that no real provider has it. */
    public static final String NAME = "registry-test-classpath";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "registry test provider on the class path";
    }

    @Override
    public Provider create(ProviderConfig config) {
        return new Provider() {
            @Override
            public ProviderDescriptor descriptor() {
                return ProviderDescriptor.of(NAME, "1.0.0", List.of(), Optional.empty());
            }

            @Override
            public Optional<ResourceState> read(ReadRequest request) {
                return Optional.empty();
            }

            @Override
            public ResourceState create(CreateRequest request) {
                throw new UnsupportedOperationException("registry test provider");
            }

            @Override
            public ResourceState update(UpdateRequest request) {
                throw new UnsupportedOperationException("registry test provider");
            }

            @Override
            public void delete(DeleteRequest request) {
            }

            @Override
            public Optional<ResourceState> lookup(LookupRequest request) {
                return Optional.empty();
            }
        };
    }
}
