package io.kombify.spec.internal.read;

import io.kombify.spec.SourceMap;
import io.kombify.spec.SourcePosition;

/**
 * Answers position queries by walking the parsed tree along the JSON pointer, so reading a
 * document stores no per-value position entries. The tree is not changed after parsing, which
 * makes lookups safe from any thread.
 */
public final class TreeLookup implements SourceMap.Lookup {
    private final TreeNode root;

    public TreeLookup(TreeNode root) {
        this.root = root;
    }

    @Override
    public SourcePosition value(String pointer) {
        Object found = find(pointer, false);
        return found instanceof TreeNode n ? new SourcePosition(n.line, n.column) : null;
    }

    @Override
    public SourcePosition key(String pointer) {
        Object found = find(pointer, true);
        return found instanceof TreeNode.Entry e ? new SourcePosition(e.keyLine(), e.keyColumn()) : null;
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, root.size);
    }

    /** The node at {@code pointer}, or when {@code entry}, the map entry holding it; {@code null} when absent. */
    private Object find(String pointer, boolean entry) {
        if (pointer.isEmpty()) {
            return entry ? null : root;
        }
        if (pointer.charAt(0) != '/') {
            return null;
        }
        TreeNode node = root;
        TreeNode.Entry last = null;
        int i = 1;
        int n = pointer.length();
        while (true) {
            int next = pointer.indexOf('/', i);
            if (next < 0) {
                next = n;
            }
            String token = unescape(pointer.substring(i, next));
            last = null;
            if (node instanceof TreeNode.MapNode map) {
                TreeNode child = null;
                for (TreeNode.Entry e : map.entries) {
                    if (e.key().equals(token)) {
                        child = e.value();
                        last = e;
                        break;
                    }
                }
                node = child;
            } else if (node instanceof TreeNode.SeqNode seq) {
                int index = index(token);
                node = index >= 0 && index < seq.items.size() ? seq.items.get(index) : null;
            } else {
                node = null;
            }
            if (node == null) {
                return null;
            }
            if (next == n) {
                return entry ? last : node;
            }
            i = next + 1;
        }
    }

    private static int index(String token) {
        if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
            return -1;
        }
        int v = 0;
        for (int k = 0; k < token.length(); k++) {
            char c = token.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static String unescape(String token) {
        if (token.indexOf('~') < 0) {
            return token;
        }
        return token.replace("~1", "/").replace("~0", "~");
    }
}
