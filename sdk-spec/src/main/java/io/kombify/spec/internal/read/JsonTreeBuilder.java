package io.kombify.spec.internal.read;

import io.kombify.core.Diagnostic;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the positioned tree from a JSON document with Jackson's streaming parser, under the
 * same limits and duplicate-key rule as YAML.
 */
public final class JsonTreeBuilder {
    private final JsonFactory factory;
    private final int maxDepth;

    public JsonTreeBuilder(int maxDepth) {
        this.maxDepth = maxDepth;
        // Jackson's own limit sits one level above ours so that ours, with its message, fires first.
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth == Integer.MAX_VALUE ? maxDepth : maxDepth + 1)
                        .maxDocumentLength(-1)
                        .build())
                .build();
    }

    /** Parses {@code text}. Never throws for bad content. */
    public ParsedTree parse(String text) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return ParsedTree.failed(Diagnostic.error(ReadCodes.EMPTY, "", "the file is empty: it holds no JSON value",
                        "a kombination needs at least `name` and `nodes`").at(1, 1));
            }
            TokenStreamLocation start = p.currentTokenLocation();
            if (first != JsonToken.START_OBJECT) {
                String what = first == JsonToken.START_ARRAY ? "a list" : "the value " + Describe.quote(p.getString());
                return ParsedTree.failed(Diagnostic.error(ReadCodes.NOT_AN_OBJECT, "",
                        "the document must be an object of fields such as `name` and `nodes`, but it is " + what,
                        "start the file with `{\"name\": \"my-homelab\", \"nodes\": [...]}`").at(lineOf(start), columnOf(start)));
            }
            TreeNode.MapNode root = (TreeNode.MapNode) build(p, diagnostics);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                TokenStreamLocation at = p.currentTokenLocation();
                return ParsedTree.failed(Diagnostic.error(ReadCodes.MULTIPLE_DOCUMENTS, "",
                        "the file holds more than one JSON value; a kombination is exactly one object",
                        "remove everything after the closing `}` of the first object").at(lineOf(at), columnOf(at)));
            }
            return new ParsedTree(root, diagnostics);
        } catch (ParseFailure f) {
            return ParsedTree.failed(f.diagnostic());
        } catch (StreamConstraintsException e) {
            TokenStreamLocation at = e.getLocation();
            boolean depth = String.valueOf(e.getOriginalMessage()).toLowerCase(java.util.Locale.ROOT).contains("depth");
            return ParsedTree.failed(Diagnostic.error(depth ? ReadCodes.TOO_DEEP : ReadCodes.TOO_LARGE, "",
                    depth ? "the document nests lists and objects deeper than " + maxDepth + " levels"
                          : "a value in the document exceeds the reader's size limits",
                    depth ? "a kombination needs only a few levels; check for runaway brackets" : "shorten the value")
                    .at(lineOf(at), columnOf(at)));
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            return ParsedTree.failed(Diagnostic.error(ReadCodes.SYNTAX, "", "the JSON is malformed: " + plain(e.getOriginalMessage()),
                    "check quotes, commas and brackets near this position").at(lineOf(at), columnOf(at)));
        }
    }

    private static final class Frame {
        final TreeNode node;
        String key;
        int keyLine;
        int keyColumn;

        Frame(TreeNode node) {
            this.node = node;
        }
    }

    /** Builds the value starting at the current token (a START_OBJECT), iteratively. */
    private TreeNode build(JsonParser p, List<Diagnostic> diagnostics) {
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        TokenStreamLocation loc = p.currentTokenLocation();
        stack.push(new Frame(new TreeNode.MapNode(lineOf(loc), columnOf(loc))));
        while (true) {
            JsonToken t = p.nextToken();
            Frame top = stack.peek();
            loc = p.currentTokenLocation();
            int l = lineOf(loc);
            int c = columnOf(loc);
            TreeNode value;
            switch (t) {
                case PROPERTY_NAME -> {
                    top.key = p.currentName();
                    top.keyLine = l;
                    top.keyColumn = c;
                    continue;
                }
                case START_OBJECT, START_ARRAY -> {
                    if (stack.size() >= maxDepth) {
                        throw new ParseFailure(ReadCodes.TOO_DEEP,
                                "the document nests lists and objects deeper than " + maxDepth + " levels",
                                "a kombination needs only a few levels; check for runaway brackets", l, c);
                    }
                    stack.push(new Frame(t == JsonToken.START_OBJECT ? new TreeNode.MapNode(l, c) : new TreeNode.SeqNode(l, c)));
                    continue;
                }
                case END_OBJECT, END_ARRAY -> {
                    value = stack.pop().node;
                    if (stack.isEmpty()) {
                        return value;
                    }
                    top = stack.peek();
                }
                case VALUE_STRING -> value = new TreeNode.Scalar(l, c, TreeNode.ScalarKind.STRING, p.getString(), p.getString(), true);
                case VALUE_TRUE, VALUE_FALSE -> value = new TreeNode.Scalar(l, c, TreeNode.ScalarKind.BOOLEAN,
                        t == JsonToken.VALUE_TRUE, p.getString(), false);
                case VALUE_NULL -> value = new TreeNode.Scalar(l, c, TreeNode.ScalarKind.NULL, null, "null", false);
                case VALUE_NUMBER_INT -> {
                    Object n = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? (Object) p.getBigIntegerValue() : (Object) p.getLongValue();
                    if (n instanceof BigInteger b && b.bitLength() < 64) {
                        n = b.longValue();
                    }
                    value = new TreeNode.Scalar(l, c, TreeNode.ScalarKind.INTEGER, n, p.getString(), false);
                }
                case VALUE_NUMBER_FLOAT -> value = new TreeNode.Scalar(l, c, TreeNode.ScalarKind.FLOAT, p.getDoubleValue(), p.getString(), false);
                default -> throw new ParseFailure(ReadCodes.SYNTAX, "the JSON holds a value of an unsupported kind",
                        "use only objects, arrays, strings, numbers, booleans and null", l, c);
            }
            add(top, value, diagnostics, stack);
        }
    }

    private static void add(Frame top, TreeNode value, List<Diagnostic> diagnostics, ArrayDeque<Frame> stack) {
        top.node.size = TreeNode.addSaturated(top.node.size, value.size);
        if (top.node instanceof TreeNode.SeqNode seq) {
            seq.items.add(value);
            return;
        }
        TreeNode.MapNode map = (TreeNode.MapNode) top.node;
        int at = Keys.indexOf(map, top.key);
        Integer first = at < 0 ? null : map.entries.get(at).keyLine();
        if (first != null) {
            diagnostics.add(Diagnostic.error(ReadCodes.DUPLICATE_KEY, pointer(stack, top.key),
                    "the key " + Describe.quote(top.key) + " appears twice in this object; it is first set on line " + first,
                    "remove one of the two; only one value per key is kept").at(top.keyLine, top.keyColumn));
            return;
        }
        map.entries.add(new TreeNode.Entry(top.key, top.keyLine, top.keyColumn, value));
    }

    private static String pointer(ArrayDeque<Frame> stack, String key) {
        Frame[] frames = stack.toArray(new Frame[0]);
        StringBuilder sb = new StringBuilder();
        for (int i = frames.length - 1; i > 0; i--) {
            Frame f = frames[i];
            sb.append('/').append(f.node instanceof TreeNode.SeqNode s ? Integer.toString(s.items.size()) : Pointers.escape(f.key));
        }
        return sb.append('/').append(Pointers.escape(key)).toString();
    }

    private static int lineOf(TokenStreamLocation loc) {
        return loc == null || loc.getLineNr() < 1 ? 1 : loc.getLineNr();
    }

    private static int columnOf(TokenStreamLocation loc) {
        return loc == null || loc.getColumnNr() < 1 ? 1 : loc.getColumnNr();
    }

    private static String plain(String message) {
        if (message == null || message.isBlank()) {
            return "the text does not follow the JSON syntax";
        }
        String s = message;
        int nl = s.indexOf('\n');
        if (nl >= 0) {
            s = s.substring(0, nl);
        }
        int source = s.indexOf(" (start marker");
        if (source < 0) {
            source = s.indexOf(" at [Source");
        }
        if (source >= 0) {
            s = s.substring(0, source);
        }
        s = s.replaceAll(" \\(code \\d+\\)", "").replace("`", "").strip();
        // Jackson starts its sentences with a capital; the message continues ours after a colon.
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
            s = Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }
}
