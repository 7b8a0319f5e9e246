package io.kombify.deploy.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ProviderFactory} gets to make a provider.
 *
 * @param settings    provider settings (from the command line, the environment or the server's configuration),
 *                    such as {@code endpoint}; values may be {@code secret://} references
 * @param environment the process environment the provider may read (for example {@code HCLOUD_TOKEN}),
 *                    passed in so that tests can give their own
 * @param secrets     resolves {@code secret://} references
 * @param workDir     a directory the provider may keep files in, if the caller has one (the state directory)
 */
public record ProviderConfig(Map<String, String> settings, Map<String, String> environment, SecretResolver secrets,
                             Optional<Path> workDir) {

    public ProviderConfig {
        settings = Map.copyOf(Objects.requireNonNull(settings, "settings"));
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(workDir, "workDir");
    }

    /** A setting, if present. */
    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }
}
