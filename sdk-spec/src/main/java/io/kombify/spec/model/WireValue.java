package io.kombify.spec.model;

/**
 * An enumerated value of the spec, with the exact spelling used in {@code kombination.yaml}
 * (which often has dashes, such as {@code reverse-proxy}).
 */
public interface WireValue {
    /** The value as written in the spec. */
    String wire();

    /** The constant of {@code type} spelled {@code wire}, or {@code null}. */
    static <E extends Enum<E> & WireValue> E find(Class<E> type, String wire) {
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(wire)) {
                return e;
            }
        }
        return null;
    }
}
