package io.kombify.spec.internal.read;

/** The stable codes of the problems the reader reports. */
public final class ReadCodes {
    public static final String TOO_LARGE = "SPEC_TOO_LARGE";
    public static final String TOO_DEEP = "SPEC_TOO_DEEP";
    public static final String ALIAS_LIMIT = "SPEC_ALIAS_LIMIT";
    public static final String DUPLICATE_KEY = "SPEC_DUPLICATE_KEY";
    public static final String TAB_INDENT = "SPEC_TAB_INDENT";
    public static final String ENCODING = "SPEC_ENCODING";
    public static final String EMPTY = "SPEC_EMPTY";
    public static final String MULTIPLE_DOCUMENTS = "SPEC_MULTIPLE_DOCUMENTS";
    public static final String NOT_AN_OBJECT = "SPEC_NOT_AN_OBJECT";
    public static final String SYNTAX = "SPEC_SYNTAX";
    public static final String UNKNOWN_FIELD = "SPEC_UNKNOWN_FIELD";
    public static final String TYPE_MISMATCH = "SPEC_TYPE_MISMATCH";
    public static final String ENUM_INVALID = "SPEC_ENUM_INVALID";

    private ReadCodes() {
    }
}
