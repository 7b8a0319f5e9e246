/**
 * The deployment engine: turns a resolved stack into a resource graph, plans it against the
 * recorded state and the actual infrastructure read through providers, applies the plan in
 * parallel along the graph with a crash-safe journal, and reports drift. Providers (and exporters,
 * which write the graph in another tool's format) come from the class path
 * ({@link java.util.ServiceLoader}) and from PF4J plugins.
 */
module io.kombify.deploy {
    requires transitive io.kombify.spec;
    requires tools.jackson.databind;
    requires transitive org.pf4j;
    requires org.slf4j;

    exports io.kombify.deploy;
    exports io.kombify.deploy.spi;
    exports io.kombify.deploy.state;
    exports io.kombify.deploy.plugin;

    uses io.kombify.deploy.spi.ProviderFactory;
    uses io.kombify.deploy.spi.Exporter;
}
