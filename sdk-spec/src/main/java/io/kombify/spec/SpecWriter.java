package io.kombify.spec;

import io.kombify.spec.internal.SpecTree;
import io.kombify.spec.internal.write.YamlEmitter;
import io.kombify.spec.model.Kombination;

import java.util.Objects;

/**
 * Writes a model back as {@code kombination.yaml} or as JSON: exactly what the model holds,
 * in field order, with no default filled in, so reading the output gives an equal model.
 * Strings that would read back as numbers, booleans or null ({@code "1.0"}, {@code "on"})
 * are quoted. Use it to save a spec that was built or edited in code; use the resolver's
 * output when you want the defaults spelled out. Immutable and thread-safe.
 */
public final class SpecWriter {
    private static final SpecWriter YAML = new SpecWriter(true);
    private static final SpecWriter JSON = new SpecWriter(false);

    private final boolean yaml;

    private SpecWriter(boolean yaml) {
        this.yaml = yaml;
    }

    /** Block-style YAML with two-space indentation. */
    public static SpecWriter yaml() {
        return YAML;
    }

    /** JSON with two-space indentation. */
    public static SpecWriter json() {
        return JSON;
    }

    /** The document for {@code spec}, ending with a line break. */
    public String write(Kombination spec) {
        Objects.requireNonNull(spec, "spec");
        var tree = SpecTree.toTree(spec);
        return yaml ? YamlEmitter.write(tree) : PlainJson.pretty(tree);
    }
}
