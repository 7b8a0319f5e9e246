package io.kombify.plugin.template;

import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.testing.ErrorInjector;
import io.kombify.deploy.testing.ProviderContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template provider keeps the provider contract. Errors are injected by {@link FailingProvider},
 * which stands between the tests and the provider the way a flaky network would.
 */
class TemplateProviderContractTest extends ProviderContractTest {

    @TempDir
    Path root;

    @Override
    protected Provider provider() {
        try {
            return new FailingProvider(new TemplateProvider(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected List<Resource> sampleResources() {
        Resource motd = new Resource(ResourceId.of(TemplateProvider.FILE, "motd"), "template",
                Map.of("path", "etc/motd", "content", "welcome to the lab\n"), Set.of());
        Resource token = new Resource(ResourceId.of(TemplateProvider.FILE, "token"), "template",
                Map.of("path", "secrets/token", "content", "secret://LAB_TOKEN"), Set.of("content"), Set.of(motd.id()));
        return List.of(motd, token);
    }

    @Override
    protected Optional<ErrorInjector> errorInjector(Provider provider) {
        return Optional.of(((FailingProvider) provider)::failNext);
    }

    /** Each test has its own root, which holds the files of one stack at a time. */
    @Override
    protected Optional<Collection<String>> inventory(Provider provider, String stack) {
        try (Stream<Path> files = Files.walk(root)) {
            return Optional.of(files.filter(Files::isRegularFile).map(root::relativize)
                    .filter(p -> !p.startsWith(".kombify-template"))
                    .map(p -> p.toString().replace('\\', '/')).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
