package io.kombify.spec.spi;

import io.kombify.core.spi.Ranked;
import io.kombify.spec.kit.StackKit;

import java.util.List;

/**
 * Adds StackKits to {@link io.kombify.spec.kit.StackKitCatalog#builtIn()}. Implement it in a
 * library or plugin, declare it with {@code provides} in {@code module-info.java} and in
 * {@code META-INF/services/io.kombify.spec.spi.StackKitProvider}, and build the kits with
 * {@link io.kombify.spec.kit.StackKitCatalog#parse(String, String)} from your own
 * {@code stackkit.yaml} resources.
 *
 * <p>A provided kit with the name of a built-in kit replaces it; between providers, the
 * higher {@link #rank()} wins. Implementations must be thread-safe and cheap to call: the
 * catalogue asks each time it is built.
 */
public interface StackKitProvider extends Ranked {
    /** The kits this provider contributes; never {@code null}. */
    List<StackKit> kits();
}
