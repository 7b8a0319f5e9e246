package io.kombify.plugin.hetzner;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.core.Secret;
import io.kombify.core.SecretRef;
import io.kombify.deploy.plugin.ProviderExtension;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Makes the {@code hetzner} provider. The API token comes from the setting {@code hetzner.token},
 * a {@code secret://} reference resolved through the configuration's secret resolver, else from
 * the environment variable {@code HCLOUD_TOKEN} (the one the {@code hcloud} command reads). The
 * other settings are described in {@link HetznerSettings}.
 */
@Extension
public final class HetznerProviderFactory implements ProviderExtension {

    @Override
    public String name() {
        return HetznerProvider.NAME;
    }

    @Override
    public String description() {
        return "Hetzner Cloud: servers, SSH keys, networks, subnets, firewalls, volumes and primary IPs";
    }

    /**
     * A provider for the token's project.
     *
     * @throws KombifyException {@code HETZNER_TOKEN_MISSING} when neither the setting nor the
     *                          environment gives a token, {@code HETZNER_TOKEN_INVALID} when the
     *                          setting is no {@code secret://} reference or the token is unusable,
     *                          {@code HETZNER_SETTING_INVALID} for another setting, or the secret
     *                          resolver's error when the reference has no value
     */
    @Override
    public Provider create(ProviderConfig config) {
        HetznerSettings settings = HetznerSettings.from(config);
        char[] token = token(config);
        try {
            return new HetznerProvider(settings, token);
        } catch (IllegalArgumentException e) {
            throw failure("HETZNER_TOKEN_INVALID", "the Hetzner Cloud API token cannot be used: " + e.getMessage(),
                    "create an API token in the Hetzner Cloud console (project > Security > API tokens) and give it as "
                            + HetznerSettings.TOKEN + "=secret://NAME or in " + HetznerSettings.TOKEN_ENV);
        } finally {
            Arrays.fill(token, '\0');
        }
    }

    private static char[] token(ProviderConfig config) {
        Optional<String> setting = config.setting(HetznerSettings.TOKEN).filter(s -> !s.isBlank());
        if (setting.isPresent()) {
            if (!SecretRef.isReference(setting.get().trim())) {
                throw failure("HETZNER_TOKEN_INVALID", "setting " + HetznerSettings.TOKEN
                        + " must be a secret:// reference, not the token itself (the value given is not shown)",
                        "store the token as a secret and give --provider-setting " + HetznerSettings.TOKEN
                                + "=secret://NAME, or export it as " + HetznerSettings.TOKEN_ENV);
            }
            Secret secret = config.secrets().resolve(SecretRef.parse(setting.get().trim()));
            return secret.reveal();
        }
        String env = config.environment().get(HetznerSettings.TOKEN_ENV);
        if (env != null && !env.isBlank()) {
            return env.toCharArray();
        }
        throw failure("HETZNER_TOKEN_MISSING", "the hetzner provider needs a Hetzner Cloud API token",
                "give it as --provider-setting " + HetznerSettings.TOKEN + "=secret://NAME (a secret holding the token), "
                        + "or export " + HetznerSettings.TOKEN_ENV + "=TOKEN");
    }

    private static KombifyException failure(String code, String message, String hint) {
        return new KombifyException(code, message, List.of(Diagnostic.error(code, HetznerSettings.TOKEN, message, hint)));
    }
}
