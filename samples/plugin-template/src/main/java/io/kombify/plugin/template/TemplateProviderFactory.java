package io.kombify.plugin.template;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.deploy.plugin.ProviderExtension;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderConfig;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import org.pf4j.Extension;

/**
 * Makes the {@code template} provider. The plugin host finds it through PF4J's extension index
 * ({@code META-INF/extensions.idx}, written by PF4J's annotation processor for {@code @Extension}
 * classes) and registers it under {@link #name()}. The directory comes from the setting
 * {@code template.root} ({@code --provider-setting template.root=DIR} on the command line).
 */
@Extension
public final class TemplateProviderFactory implements ProviderExtension {

    /** The setting naming the directory the files are kept in. */
    public static final String ROOT_SETTING = "template.root";

    @Override
    public String name() {
        return TemplateProvider.NAME;
    }

    @Override
    public String description() {
        return "files in a directory (the provider plugin template)";
    }

    /**
     * A provider keeping files under the directory {@code template.root}, which it creates if needed.
     *
     * @throws KombifyException {@code TEMPLATE_ROOT_MISSING} when the setting is absent,
     *                          {@code TEMPLATE_ROOT_INVALID} when the directory cannot be used
     */
    @Override
    public Provider create(ProviderConfig config) {
        String setting = config.setting(ROOT_SETTING).orElseThrow(() -> failure("TEMPLATE_ROOT_MISSING",
                "the template provider needs the directory to keep files in",
                "set it with --provider-setting " + ROOT_SETTING + "=DIR", null));
        try {
            return new TemplateProvider(Path.of(setting));
        } catch (InvalidPathException | IOException e) {
            throw failure("TEMPLATE_ROOT_INVALID", "the template provider cannot use the directory " + setting
                    + ": " + e.getMessage(), "give a directory kombify may create and write", e);
        }
    }

    private static KombifyException failure(String code, String message, String hint, Throwable cause) {
        return new KombifyException(code, message, List.of(Diagnostic.error(code, ROOT_SETTING, message, hint)), cause);
    }
}
