package io.kombify.spec.model;

import java.util.List;
import java.util.Map;

/**
 * Free-form metadata about the stack (open).
 *
 * @param owner       who owns the stack
 * @param environment default {@code production}
 * @param project     project name
 * @param createdBy   how the spec was made ({@code created_by} in the spec; default {@code manual})
 * @param tags        tags
 * @param extra       fields the schema does not name, in document order
 */
public record Metadata(String owner, Environment environment, String project, @Key("created_by") CreatedBy createdBy, List<String> tags, @Open Map<String, Object> extra) {
    public Metadata {
        tags = Copies.list(tags);
        extra = Copies.map(extra);
    }
}
