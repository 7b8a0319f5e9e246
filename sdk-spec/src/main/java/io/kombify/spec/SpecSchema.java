package io.kombify.spec;

import io.kombify.spec.internal.schema.SchemaGenerator;

/**
 * The JSON Schema (draft 2020-12) of {@code kombination.yaml}, for editors and other tools
 * that check a spec as it is typed. Point an editor's YAML language server at the output of
 * {@code kombify schema}, or serve {@link #jsonSchema()} yourself.
 *
 * <p>The schema is derived from the {@link io.kombify.spec.model model} records and their
 * constraint annotations, which {@link SpecValidator} reads too, so the two cannot drift
 * apart. It covers every field-level rule (required fields, closed and open objects,
 * enumerations, patterns, ranges, lengths) and carries upstream's defaults as
 * {@code default} keywords. Rules that span fields or need the whole document (unique names,
 * {@code needs} cycles, the edge-node provider rule, kit gates, policies) are checked by
 * {@link SpecValidator} only: an editor that accepts a file does not make it valid.
 */
public final class SpecSchema {
    /** The dialect the schema declares in {@code $schema}. */
    public static final String DIALECT = SchemaGenerator.DIALECT;
    /** The schema's {@code $id}. */
    public static final String ID = SchemaGenerator.ID;

    private SpecSchema() {
    }

    /** The schema as pretty-printed JSON text ending with a line break; the same text on every call. */
    public static String jsonSchema() {
        return Holder.SCHEMA;
    }

    // Generated on first use only: reading and validating a spec never pays for it.
    private static final class Holder {
        static final String SCHEMA = SchemaGenerator.generate();
    }
}
