package io.kombify.sim.deploy;

import io.kombify.deploy.Resource;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.testing.ErrorInjector;
import io.kombify.deploy.testing.ProviderContractTest;
import io.kombify.sim.Fault;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The simulated provider keeps the provider contract, for every resource type, standing in for several providers. */
class SimulatedProviderContractTest extends ProviderContractTest {

    @Override
    protected Provider provider() {
        return SimulatedProvider.builder().world(SimulatedWorld.inMemory()).build();
    }

    @Override
    protected List<Resource> sampleResources() {
        return SampleResources.all();
    }

    /**
     * Changes that make sense for each type (the default would point a DNS record at a node that does
     * not exist); subnets and container networks change nothing in place.
     */
    @Override
    protected Optional<Resource> modified(Resource resource) {
        String type = resource.type().name();
        return switch (type) {
            case "ssh_key", "network" -> Optional.of(DirectCalls.with(resource, "name", "kombify-lab-renamed"));
            case "machine" -> Optional.of(DirectCalls.with(resource, "serverType", "cx32"));
            case "host" -> Optional.of(DirectCalls.with(resource, "user", "admin"));
            case "firewall" -> Optional.of(DirectCalls.with(resource, "rules",
                    List.of(Map.of("port", 443, "protocol", "tcp", "source", "any"))));
            case "volume" -> Optional.of(DirectCalls.with(resource, "backup", false));
            case "container" -> Optional.of(DirectCalls.with(resource, "memoryLimit", "512Mi"));
            case "vpn_member" -> Optional.of(DirectCalls.with(resource, "hostname", "vps-1"));
            case "proxy_route" -> Optional.of(DirectCalls.with(resource, "middlewares", List.of("admin-ip-allowlist")));
            case "dns_record" -> Optional.of(DirectCalls.with(resource, "ttl", 300));
            default -> Optional.empty();
        };
    }

    @Override
    protected Optional<ErrorInjector> errorInjector(Provider provider) {
        SimulatedProvider sim = (SimulatedProvider) provider;
        return Optional.of((kind, calls) -> {
            Fault fault = switch (kind) {
                case RATE_LIMITED -> Fault.providerRateLimit("*", Duration.ofMillis(5));
                case UNAVAILABLE -> Fault.providerServerError("*", 503);
                case TIMEOUT -> Fault.providerTimeout("*");
                default -> throw new IllegalArgumentException("the simulated provider injects no " + kind + " errors");
            };
            sim.inject(fault.onCalls(null, 1, calls));
        });
    }

    @Override
    protected Optional<Collection<String>> inventory(Provider provider, String stack) {
        return Optional.of(((SimulatedProvider) provider).world().resources().stream()
                .filter(r -> r.stack().equals(stack)).map(SimulatedResource::providerId).toList());
    }
}
