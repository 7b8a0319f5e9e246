package io.kombify.deploy.spi;

/**
 * Makes providers of one name. Registered for {@link java.util.ServiceLoader} (in
 * {@code module-info.java} with {@code provides}, or in {@code META-INF/services}), or in a
 * plugin through {@link io.kombify.deploy.plugin.ProviderExtension}.
 */
public interface ProviderFactory {

    /** The provider name resources refer to, such as {@code docker}. */
    String name();

    /** A one-line description for {@code kombify plugins list}. */
    default String description() {
        return "";
    }

    /**
     * Makes a provider.
     *
     * @throws io.kombify.core.KombifyException when the configuration is incomplete (for example
     *                                          no credentials), with a hint saying what to set
     */
    Provider create(ProviderConfig config);
}
