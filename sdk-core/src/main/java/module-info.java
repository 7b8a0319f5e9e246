/**
 * The kombify SDK's shared building blocks: diagnostics, the exception root, quantities,
 * secret references and ranked service loading. Every other SDK module requires it.
 */
module io.kombify.core {
    exports io.kombify.core;
    exports io.kombify.core.spi;
}
