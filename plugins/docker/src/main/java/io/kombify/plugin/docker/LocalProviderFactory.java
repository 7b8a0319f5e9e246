package io.kombify.plugin.docker;

import io.kombify.deploy.plugin.ProviderExtension;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderConfig;
import org.pf4j.Extension;

/**
 * Makes the {@code local} provider, which adopts existing machines through their Docker Engine,
 * from the same {@code docker.*} settings as the {@code docker} provider.
 */
@Extension
public final class LocalProviderFactory implements ProviderExtension {

    @Override
    public String name() {
        return LocalProvider.NAME;
    }

    @Override
    public String description() {
        return "existing machines (local nodes), reached through their Docker Engine; never changed";
    }

    /**
     * A provider for the engines the settings name, keeping its record of adoptions in the
     * configuration's work directory (the state directory) when there is one.
     *
     * @throws io.kombify.core.KombifyException when a {@code docker.*} setting is unknown or invalid
     */
    @Override
    public Provider create(ProviderConfig config) {
        return new LocalProvider(DockerSettings.from(config), config.workDir());
    }
}
