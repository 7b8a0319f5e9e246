/**
 * The {@code kombination.yaml} SDK: the model, a reader and writer for YAML and JSON that
 * keep every value's source position, the validator, the StackKit catalogue, the resolver
 * and the JSON Schema export.
 */
module io.kombify.spec {
    requires transitive io.kombify.core;
    requires org.snakeyaml.engine.v2;
    requires tools.jackson.core;

    exports io.kombify.spec;
    exports io.kombify.spec.model;
    exports io.kombify.spec.kit;
    exports io.kombify.spec.spi;
    exports io.kombify.spec.resolved;

    // The reader binds records reflectively from inside this module; nothing is opened to others.
    uses io.kombify.spec.spi.StackKitProvider;
}
