package io.kombify.spec.model;

import io.kombify.core.ByteSize;

/**
 * A node's capacity, as written (defaults come from the node type).
 *
 * @param cpu    whole cores, at least 1
 * @param memory such as {@code 4Gi} ({@code Mi} or {@code Gi})
 * @param disk   such as {@code 50Gi} ({@code Gi} or {@code Ti})
 */
public record ResourceSpec(@Range(min = 1, max = Integer.MAX_VALUE) Integer cpu, @Pattern(value = SpecPatterns.NODE_MEMORY, example = "4Gi") String memory, @Pattern(value = SpecPatterns.NODE_DISK, example = "50Gi") String disk) {
    /** {@link #memory()} as a size, or {@code null} when absent or not a size. */
    public ByteSize memorySize() {
        return ByteSize.isValid(memory) ? ByteSize.parse(memory) : null;
    }

    /** {@link #disk()} as a size, or {@code null} when absent or not a size. */
    public ByteSize diskSize() {
        return ByteSize.isValid(disk) ? ByteSize.parse(disk) : null;
    }
}
