package io.kombify.spec.internal.validate;

import io.kombify.spec.SourceMap;

/**
 * A JSON pointer built up during the walk and turned into text only when a finding needs
 * it, so that walking thousands of valid services allocates no strings.
 */
final class Pointer {
    static final Pointer ROOT = new Pointer(null, null, -1);

    private final Pointer parent;
    private final String name;
    private final int index;
    private String text;

    private Pointer(Pointer parent, String name, int index) {
        this.parent = parent;
        this.name = name;
        this.index = index;
        if (parent == null) {
            text = "";
        }
    }

    Pointer field(String fieldName) {
        return new Pointer(this, fieldName, -1);
    }

    Pointer element(int i) {
        return new Pointer(this, null, i);
    }

    @Override
    public String toString() {
        if (text == null) {
            String token = name != null ? SourceMap.escape(name) : Integer.toString(index);
            text = parent.toString() + "/" + token;
        }
        return text;
    }
}
