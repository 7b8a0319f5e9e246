package io.kombify.spec.internal.read;

/**
 * Finds a key among a mapping's entries. Mappings in a spec are small, where comparing a few
 * strings beats hashing every key of every mapping; only a mapping that grows large gets an
 * index.
 */
final class Keys {
    private static final int SCAN_LIMIT = 12;

    private Keys() {
    }

    /** Index of {@code key} in {@code map}'s entries, or -1. */
    static int indexOf(TreeNode.MapNode map, String key) {
        var entries = map.entries;
        int n = entries.size();
        if (n <= SCAN_LIMIT) {
            for (int i = 0; i < n; i++) {
                if (entries.get(i).key().equals(key)) {
                    return i;
                }
            }
            return -1;
        }
        if (map.index == null || map.indexed < n) {
            if (map.index == null) {
                map.index = new java.util.HashMap<>();
            }
            for (int i = map.indexed; i < n; i++) {
                map.index.putIfAbsent(entries.get(i).key(), i);
            }
            map.indexed = n;
        }
        Integer i = map.index.get(key);
        return i == null ? -1 : i;
    }
}
