package io.kombify.plugin.docker;

import io.kombify.deploy.plugin.ProviderExtension;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderConfig;
import org.pf4j.Extension;

/**
 * Makes the {@code docker} provider from the provider settings and the environment (see
 * {@link DockerSettings}); found by the plugin host through PF4J's extension index.
 */
@Extension
public final class DockerProviderFactory implements ProviderExtension {

    @Override
    public String name() {
        return DockerProvider.NAME;
    }

    @Override
    public String description() {
        return "containers, container networks and volumes on each node's Docker Engine";
    }

    /**
     * A provider for the engines the settings name; nothing is contacted until the first call.
     *
     * @throws io.kombify.core.KombifyException when a {@code docker.*} setting is unknown or invalid
     */
    @Override
    public Provider create(ProviderConfig config) {
        return new DockerProvider(DockerSettings.from(config));
    }
}
