package io.kombify.deploy;

/** What a plan does to one resource. */
public enum Action {
    /** Nothing: the resource exists and matches the spec. */
    NOOP("no-op", ' '),
    /** Create it: it is in the spec but not recorded, or it was deleted behind our back. */
    CREATE("create", '+'),
    /** Change attributes that the provider can change in place. */
    UPDATE("update in place", '~'),
    /** Replace it: an attribute changed that the provider cannot change in place. */
    REPLACE("replace", '±'),
    /** Delete it: it is recorded but no longer in the spec (or the stack is destroyed). */
    DELETE("delete", '-');

    private final String label;
    private final char symbol;

    Action(String label, char symbol) {
        this.label = label;
        this.symbol = symbol;
    }

    /** How plans print it, such as {@code update in place}. */
    public String label() {
        return label;
    }

    /** The symbol in front of a resource in a printed plan. */
    public char symbol() {
        return symbol;
    }
}
