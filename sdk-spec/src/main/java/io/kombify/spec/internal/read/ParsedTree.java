package io.kombify.spec.internal.read;

import io.kombify.core.Diagnostic;

import java.util.List;

/**
 * The outcome of parsing: the root mapping, or {@code null} when the document cannot be
 * read, plus the problems found on the way (duplicate keys do not stop parsing).
 *
 * @param root        the root mapping, or {@code null}
 * @param diagnostics problems, in document order
 */
public record ParsedTree(TreeNode.MapNode root, List<Diagnostic> diagnostics) {
    public ParsedTree {
        diagnostics = List.copyOf(diagnostics);
    }

    static ParsedTree failed(Diagnostic d) {
        return new ParsedTree(null, List.of(d));
    }
}
