package io.kombify.spec.internal.read;

import io.kombify.core.Diagnostic;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlVersionException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the positioned tree from SnakeYAML Engine's event stream. Composing the tree here
 * rather than in SnakeYAML is what lets the reader enforce its own limits while parsing:
 * nesting depth, the number of values aliases expand to, and unique keys, each reported at
 * the exact position.
 */
public final class YamlTreeBuilder {
    private static final String TAG_PREFIX = "tag:yaml.org,2002:";

    private final LoadSettings settings;
    private final int maxDepth;
    private final long maxAliasNodes;

    public YamlTreeBuilder(int maxDepth, long maxAliasNodes) {
        this.maxDepth = maxDepth;
        this.maxAliasNodes = maxAliasNodes;
        this.settings = LoadSettings.builder()
                .setLabel("kombination.yaml")
                .setCodePointLimit(Integer.MAX_VALUE)
                .setParseComments(false)
                .setUseMarks(true)
                .build();
    }

    /** Parses {@code text} (already decoded, without a byte order mark). Never throws for bad content. */
    public ParsedTree parse(String text) {
        Run run = new Run();
        try {
            Iterator<Event> events = new Parse(settings).parseString(text).iterator();
            while (events.hasNext()) {
                if (run.on(events.next())) {
                    break;
                }
            }
            return run.finish();
        } catch (ParseFailure f) {
            return ParsedTree.failed(f.diagnostic());
        } catch (MarkedYamlEngineException e) {
            return ParsedTree.failed(YamlErrors.syntax(e, text));
        } catch (ReaderException e) {
            int[] pos = TextPositions.ofCodePoint(text, e.getPosition());
            return ParsedTree.failed(Diagnostic.error(ReadCodes.SYNTAX, "",
                    String.format("the file contains the control character U+%04X, which YAML does not allow", e.getCodePoint()),
                    "remove the character, or write it as an escape inside a double-quoted string").at(pos[0], pos[1]));
        } catch (YamlVersionException e) {
            return ParsedTree.failed(Diagnostic.error(ReadCodes.SYNTAX, "", "the %YAML directive names a version this reader does not know",
                    "remove the %YAML line; kombination.yaml is YAML 1.2").at(1, 1));
        } catch (YamlEngineException e) {
            return ParsedTree.failed(Diagnostic.error(ReadCodes.SYNTAX, "", "the YAML cannot be parsed",
                    "check the directives (lines starting with %) and the first lines of the file").at(1, 1));
        }
    }

    private static int line(Optional<Mark> mark) {
        return mark.isPresent() ? mark.get().getLine() + 1 : 1;
    }

    private static int column(Optional<Mark> mark) {
        return mark.isPresent() ? mark.get().getColumn() + 1 : 1;
    }

    /** A collection being built. */
    private static final class Frame {
        final TreeNode node;
        final String anchor;
        String key;
        int keyLine;
        int keyColumn;
        boolean haveKey;
        boolean mergeKey;
        List<TreeNode.MapNode> merges;

        Frame(TreeNode node, String anchor) {
            this.node = node;
            this.anchor = anchor;
        }
    }

    /** The state of one parse. */
    private final class Run {
        private final ArrayDeque<Frame> stack = new ArrayDeque<>();
        private final Map<String, TreeNode> anchors = new HashMap<>();
        private final List<Diagnostic> diagnostics = new ArrayList<>();
        /**
         * One instance per distinct key. A spec repeats a few dozen keys thousands of times;
         * sharing them lets the binder's look-ups use each key's cached hash on an object in
         * cache, instead of hashing a fresh copy long gone from it.
         */
        private final Map<String, String> keyNames = new HashMap<>();
        private TreeNode root;
        private int documents;
        private long expanded;

        /** Handles one event; {@code true} when parsing should stop. */
        boolean on(Event e) {
            switch (e.getEventId()) {
                case Scalar -> accept(scalar((ScalarEvent) e));
                case MappingStart -> push(new TreeNode.MapNode(line(e.getStartMark()), column(e.getStartMark())), e);
                case SequenceStart -> push(new TreeNode.SeqNode(line(e.getStartMark()), column(e.getStartMark())), e);
                case MappingEnd, SequenceEnd -> pop();
                case Alias -> alias((AliasEvent) e);
                case DocumentStart -> {
                    documents++;
                    if (documents > 1) {
                        throw new ParseFailure(ReadCodes.MULTIPLE_DOCUMENTS,
                                "the file holds more than one YAML document; a kombination.yaml is exactly one",
                                "remove the `---` that starts the second document, or move it to a file of its own",
                                line(e.getStartMark()), column(e.getStartMark()));
                    }
                }
                default -> {
                    // stream start/end, document end and comments carry nothing to build
                }
            }
            return false;
        }

        ParsedTree finish() {
            if (root == null || (root instanceof TreeNode.Scalar s && s.kind == TreeNode.ScalarKind.NULL && s.text.isEmpty() && !s.quoted)) {
                return ParsedTree.failed(Diagnostic.error(ReadCodes.EMPTY, "",
                        "the file is empty: it holds no YAML content",
                        "a kombination.yaml needs at least `name` and `nodes`").at(1, 1));
            }
            if (!(root instanceof TreeNode.MapNode map)) {
                return ParsedTree.failed(Diagnostic.error(ReadCodes.NOT_AN_OBJECT, "",
                        "the document must be a mapping of fields such as `name:` and `nodes:`, but it is " + Describe.node(root),
                        "start the file with `name: my-homelab` and list the nodes under `nodes:`").at(root.line, root.column));
            }
            return new ParsedTree(map, diagnostics);
        }

        private TreeNode.Scalar scalar(ScalarEvent e) {
            String value = e.getValue();
            int l = line(e.getStartMark());
            int c = column(e.getStartMark());
            Optional<String> tag = e.getTag();
            Object resolved;
            boolean quoted = !e.isPlain();
            if (tag.isPresent()) {
                String t = tag.get();
                if ("!".equals(t) || (TAG_PREFIX + "str").equals(t)) {
                    resolved = value;
                    quoted = true;
                } else {
                    resolved = quoted ? value : Scalars.resolvePlain(value);
                }
            } else {
                resolved = quoted ? value : Scalars.resolvePlain(value);
            }
            TreeNode.ScalarKind kind;
            if (resolved == null) {
                kind = TreeNode.ScalarKind.NULL;
            } else if (resolved instanceof String) {
                kind = TreeNode.ScalarKind.STRING;
            } else if (resolved instanceof Boolean) {
                kind = TreeNode.ScalarKind.BOOLEAN;
            } else if (resolved instanceof Double) {
                kind = TreeNode.ScalarKind.FLOAT;
            } else {
                kind = TreeNode.ScalarKind.INTEGER;
            }
            TreeNode.Scalar s = new TreeNode.Scalar(l, c, kind, resolved, value, quoted);
            Optional<Anchor> anchor = e.getAnchor();
            if (anchor.isPresent()) {
                anchors.put(anchor.get().getValue(), s);
            }
            return s;
        }

        private void push(TreeNode node, Event e) {
            if (stack.size() >= maxDepth) {
                throw new ParseFailure(ReadCodes.TOO_DEEP,
                        "the document nests lists and mappings deeper than " + maxDepth + " levels",
                        "a kombination.yaml needs only a few levels; check for runaway brackets or indentation",
                        node.line, node.column);
            }
            Optional<Anchor> anchor = ((NodeEvent) e).getAnchor();
            stack.push(new Frame(node, anchor.isPresent() ? anchor.get().getValue() : null));
        }

        private void pop() {
            Frame f = stack.pop();
            if (f.merges != null) {
                merge(f);
            }
            if (f.anchor != null) {
                anchors.put(f.anchor, f.node);
            }
            accept(f.node);
        }

        private void alias(AliasEvent e) {
            String name = e.getAlias().getValue();
            TreeNode target = anchors.get(name);
            int l = line(e.getStartMark());
            int c = column(e.getStartMark());
            if (target == null) {
                throw new ParseFailure(ReadCodes.SYNTAX,
                        "the alias `*" + name + "` refers to no anchor defined before it",
                        "define `&" + name + "` on a value above this line (an alias cannot refer to a value that contains it)",
                        l, c);
            }
            expanded = TreeNode.addSaturated(expanded, target.size);
            if (expanded > maxAliasNodes) {
                throw new ParseFailure(ReadCodes.ALIAS_LIMIT,
                        "aliases expand to more than " + maxAliasNodes + " values",
                        "aliases that refer to aliases multiply the document (a \"billion laughs\" attack); write the values out or use fewer aliases",
                        l, c);
            }
            accept(target);
        }

        private void accept(TreeNode value) {
            Frame top = stack.peek();
            if (top == null) {
                root = value;
                return;
            }
            if (top.node instanceof TreeNode.SeqNode seq) {
                seq.items.add(value);
                seq.size = TreeNode.addSaturated(seq.size, value.size);
                return;
            }
            TreeNode.MapNode map = (TreeNode.MapNode) top.node;
            if (!top.haveKey) {
                if (!(value instanceof TreeNode.Scalar key)) {
                    throw new ParseFailure(ReadCodes.SYNTAX,
                            "a key must be plain text, but this key is " + Describe.node(value),
                            "write keys as plain words such as `name:`", value.line, value.column);
                }
                top.haveKey = true;
                String name = keyNames.putIfAbsent(key.text, key.text);
                top.key = name != null ? name : key.text;
                top.keyLine = key.line;
                top.keyColumn = key.column;
                top.mergeKey = !key.quoted && "<<".equals(key.text);
                return;
            }
            top.haveKey = false;
            if (top.mergeKey) {
                addMerge(top, value);
                return;
            }
            int at = Keys.indexOf(map, top.key);
            Integer first = at < 0 ? null : map.entries.get(at).keyLine();
            if (first != null) {
                diagnostics.add(Diagnostic.error(ReadCodes.DUPLICATE_KEY, pointer(top.key),
                        "the key " + Describe.quote(top.key) + " appears twice in this mapping; it is first set on line " + first,
                        "remove one of the two; YAML keeps only one value per key").at(top.keyLine, top.keyColumn));
                return;
            }
            map.entries.add(new TreeNode.Entry(top.key, top.keyLine, top.keyColumn, value));
            map.size = TreeNode.addSaturated(map.size, value.size);
        }

        private void addMerge(Frame top, TreeNode value) {
            if (top.merges == null) {
                top.merges = new ArrayList<>();
            }
            if (value instanceof TreeNode.MapNode m) {
                top.merges.add(m);
                return;
            }
            if (value instanceof TreeNode.SeqNode s && s.items.stream().allMatch(TreeNode.MapNode.class::isInstance)) {
                for (TreeNode item : s.items) {
                    top.merges.add((TreeNode.MapNode) item);
                }
                return;
            }
            throw new ParseFailure(ReadCodes.SYNTAX,
                    "the merge key `<<` needs a mapping or a list of mappings, but here it has " + Describe.node(value),
                    "write `<<: *anchor` where `&anchor` names a mapping", value.line, value.column);
        }

        private void merge(Frame f) {
            TreeNode.MapNode map = (TreeNode.MapNode) f.node;
            for (TreeNode.MapNode source : f.merges) {
                for (TreeNode.Entry e : source.entries) {
                    if (Keys.indexOf(map, e.key()) < 0) {
                        map.entries.add(e);
                        map.size = TreeNode.addSaturated(map.size, e.value().size);
                    }
                }
            }
        }

        /** The JSON pointer of member {@code key} of the innermost collection being built. */
        private String pointer(String key) {
            StringBuilder sb = new StringBuilder();
            Frame[] frames = stack.toArray(new Frame[0]);
            for (int i = frames.length - 1; i > 0; i--) {
                sb.append('/').append(tokenOf(frames[i]));
            }
            sb.append('/').append(Pointers.escape(key));
            return sb.toString();
        }

        /** The token under which the collection currently being built in {@code parent} goes. */
        private String tokenOf(Frame parent) {
            if (parent.node instanceof TreeNode.SeqNode s) {
                return Integer.toString(s.items.size());
            }
            return Pointers.escape(parent.key);
        }
    }
}
