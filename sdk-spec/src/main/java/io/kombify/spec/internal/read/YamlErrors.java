package io.kombify.spec.internal.read;

import io.kombify.core.Diagnostic;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import java.util.Optional;

/**
 * Turns a SnakeYAML parse error into a diagnostic in plain words: the parser's position, a
 * sentence a user understands without knowing the YAML grammar, and a hint. Tabs used for
 * indentation, the most common cause, get their own code and the exact tab's position.
 */
final class YamlErrors {
    private YamlErrors() {
    }

    static Diagnostic syntax(MarkedYamlEngineException e, String text) {
        Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
        int line = mark.map(m -> m.getLine() + 1).orElse(1);
        int column = mark.map(m -> m.getColumn() + 1).orElse(1);
        String problem = e.getProblem() == null ? "" : e.getProblem();
        int[] tab = TextPositions.firstTabIndent(text, line);
        if (tab != null) {
            return Diagnostic.error(ReadCodes.TAB_INDENT, "",
                    "a tab is used for indentation; YAML allows only spaces there",
                    "replace the tab with spaces (two per level is usual)").at(tab[0], tab[1]);
        }
        if (problem.contains("'\\t'") || problem.contains("(TAB)")) {
            return Diagnostic.error(ReadCodes.TAB_INDENT, "",
                    "a tab is used where only spaces are allowed",
                    "replace the tab with spaces").at(line, column);
        }
        String[] words = explain(problem, e.getContext());
        return Diagnostic.error(ReadCodes.SYNTAX, "", "the YAML is malformed: " + words[0], words[1]).at(line, column);
    }

    /** {message, hint} for a SnakeYAML problem text. */
    private static String[] explain(String problem, String context) {
        String p = problem;
        String c = context == null ? "" : context;
        if (p.contains("mapping values are not allowed")) {
            return new String[] {"a `:` appears where no key can start",
                    "quote a value that contains `: `, or check the indentation of this line"};
        }
        if (p.contains("could not find expected ':'")) {
            return new String[] {"a key is missing its `:`", "write keys as `key: value`; quote text that spans lines"};
        }
        if (p.contains("expected <block end>") || p.contains("expected <block mapping end>")) {
            return new String[] {"this line is indented differently from the lines above it",
                    "align the line with the other fields of the same mapping or list"};
        }
        if (p.contains("end of stream") || p.contains("<stream end>")) {
            return new String[] {"the file ends inside a quoted text or a bracketed list or mapping",
                    "close every quote, `[` and `{`"};
        }
        if (p.contains("found unknown escape character") || c.contains("double-quoted scalar") && p.contains("escape")) {
            return new String[] {"a double-quoted text contains an unknown escape sequence",
                    "write a backslash as `\\\\`, or use single quotes"};
        }
        if (p.contains("that cannot start any token")) {
            return new String[] {"the character " + quotedChar(p) + " cannot start a value",
                    "put the value in quotes"};
        }
        if (p.contains("did not find expected key")) {
            return new String[] {"a key was expected here", "check the indentation, and that list items start with `- `"};
        }
        if (p.contains("expected ',' or ']'") || p.contains("expected ',' or '}'")) {
            return new String[] {"a bracketed list or mapping is not closed or lacks a comma",
                    "separate items with `,` and close the bracket"};
        }
        if (p.contains("did not find expected '-' indicator")) {
            return new String[] {"a list item was expected here", "start every item of the list with `- ` at the same indentation"};
        }
        if (p.contains("expected node content") || p.contains("expected the node content")) {
            return new String[] {"a value was expected here", "give the field a value, or quote text that starts with a special character"};
        }
        if (p.contains("anchor") || c.contains("anchor") || c.contains("alias")) {
            return new String[] {"an anchor or alias name is malformed", "anchor names (`&name`) and aliases (`*name`) use letters, digits, `-` and `_`"};
        }
        if (p.contains("tag") || c.contains("tag")) {
            return new String[] {"a tag (`!name`) is malformed or unknown", "remove the tag; kombination.yaml needs none"};
        }
        return new String[] {plain(p), "check this line against the YAML syntax: `key: value`, list items as `- item`, spaces for indentation"};
    }

    private static String quotedChar(String problem) {
        int start = problem.indexOf('\'');
        int end = start < 0 ? -1 : problem.indexOf('\'', start + 1);
        if (start >= 0 && end > start) {
            String ch = problem.substring(start + 1, end);
            return "`".equals(ch) ? "` (a backtick)" : "`" + ch + "`";
        }
        return "here";
    }

    /** A raw parser problem without the grammar's token names. */
    private static String plain(String problem) {
        String s = problem
                .replace("<block end>", "the end of an indented block")
                .replace("<block mapping start>", "a mapping")
                .replace("<block sequence start>", "a list")
                .replace("<block entry>", "a list item")
                .replace("<stream end>", "the end of the file")
                .replace("<document start>", "`---`")
                .replace("<document end>", "`...`")
                .replace("<flow mapping end>", "`}`")
                .replace("<flow sequence end>", "`]`")
                .replace("<flow mapping start>", "`{`")
                .replace("<flow sequence start>", "`[`")
                .replace("<scalar>", "a value")
                .replace("<key>", "a key")
                .replace("<value>", "a value")
                .replace("<alias>", "an alias")
                .replace("<anchor>", "an anchor")
                .replace("<tag>", "a tag");
        int nl = s.indexOf('\n');
        if (nl >= 0) {
            s = s.substring(0, nl);
        }
        s = s.replaceAll(" \\(\\d+\\)", "");
        return s.isBlank() ? "the text does not follow the YAML syntax" : s.strip();
    }
}
