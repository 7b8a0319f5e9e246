package io.kombify.deploy;

import io.kombify.core.KombifyException;
import io.kombify.deploy.internal.GraphBuilder;
import io.kombify.spec.ResolvedSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The resources a stack needs and their dependencies: an immutable directed acyclic graph.
 *
 * <p>It is acyclic by construction: a {@link Builder} accepts a resource only after every
 * resource it depends on, so every edge points to an earlier resource and
 * {@link #resources()} is already a topological order.
 */
public final class ResourceGraph {

    private final String stack;
    private final String specHash;
    private final Map<ResourceId, Resource> resources;
    private final Map<ResourceId, Set<ResourceId>> dependents;

    private ResourceGraph(String stack, String specHash, Map<ResourceId, Resource> resources,
                          Map<ResourceId, Set<ResourceId>> dependents) {
        this.stack = stack;
        this.specHash = specHash;
        this.resources = resources;
        this.dependents = dependents;
    }

    /**
     * The resources a resolved spec needs: machines for cloud nodes (hosts for {@code local}
     * ones), the SSH key, networks and subnets, firewalls, VPN membership, container networks,
     * volumes, containers, proxy routes and DNS records, with the dependencies from {@code needs}
     * and the implicit ones (a container needs its node, its network and its volumes).
     */
    public static ResourceGraph of(ResolvedSpec spec) {
        return GraphBuilder.build(Objects.requireNonNull(spec, "spec"));
    }

    /** A builder for a graph of the named stack. */
    public static Builder builder(String stack, String specHash) {
        return new Builder(stack, specHash);
    }

    /** The stack's name. */
    public String stack() {
        return stack;
    }

    /** The hash of the resolved spec the graph was built from ({@link ResolvedSpec#planHash()}). */
    public String specHash() {
        return specHash;
    }

    /** Every resource, in a topological order (dependencies first). */
    public List<Resource> resources() {
        return List.copyOf(resources.values());
    }

    /** How many resources. */
    public int size() {
        return resources.size();
    }

    /** The resource with this address. */
    public Optional<Resource> resource(ResourceId id) {
        return Optional.ofNullable(resources.get(id));
    }

    /** Whether the graph holds this address. */
    public boolean contains(ResourceId id) {
        return resources.containsKey(id);
    }

    /** The resources that depend directly on this one. */
    public Set<ResourceId> dependents(ResourceId id) {
        return dependents.getOrDefault(id, Set.of());
    }

    /** The resources this one depends on directly. */
    public Set<ResourceId> dependencies(ResourceId id) {
        Resource r = resources.get(id);
        return r == null ? Set.of() : r.dependsOn();
    }

    /** The given resources and everything they depend on, directly or not. */
    public Set<ResourceId> withDependencies(Collection<ResourceId> ids) {
        return closure(ids, this::dependencies);
    }

    /** The given resources and everything that depends on them, directly or not. */
    public Set<ResourceId> withDependents(Collection<ResourceId> ids) {
        return closure(ids, this::dependents);
    }

    private Set<ResourceId> closure(Collection<ResourceId> start, java.util.function.Function<ResourceId, Set<ResourceId>> next) {
        Set<ResourceId> seen = new TreeSet<>();
        Deque<ResourceId> todo = new ArrayDeque<>(start);
        while (!todo.isEmpty()) {
            ResourceId id = todo.pop();
            if (seen.add(id)) {
                todo.addAll(next.apply(id));
            }
        }
        return Collections.unmodifiableSet(seen);
    }

    /**
     * Graphs are equal when they belong to the same stack and spec hash and hold equal resources
     * in the same order, so a graph read back from a plan file equals the one written.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof ResourceGraph g && stack.equals(g.stack) && specHash.equals(g.specHash)
                && List.copyOf(resources.values()).equals(List.copyOf(g.resources.values()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(stack, specHash, resources.keySet());
    }

    /** The stack and its resource addresses, for messages and debugging. */
    @Override
    public String toString() {
        return "ResourceGraph[stack=" + stack + ", specHash=" + specHash + ", resources=" + resources.keySet() + "]";
    }

    /** Builds a graph; accepts a resource only once everything it depends on is in. Not thread-safe. */
    public static final class Builder {
        private final String stack;
        private final String specHash;
        private final Map<ResourceId, Resource> resources = new LinkedHashMap<>();
        private final Map<ResourceId, Set<ResourceId>> dependents = new LinkedHashMap<>();

        private Builder(String stack, String specHash) {
            this.stack = Objects.requireNonNull(stack, "stack");
            this.specHash = Objects.requireNonNull(specHash, "specHash");
        }

        /**
         * Adds a resource.
         *
         * @throws KombifyException {@code RESOURCE_DUPLICATE} when the address is taken, or
         *                          {@code RESOURCE_DEPENDENCY_UNKNOWN} when it depends on a resource not yet added
         */
        public Builder add(Resource resource) {
            Objects.requireNonNull(resource, "resource");
            if (resources.containsKey(resource.id())) {
                throw new KombifyException("RESOURCE_DUPLICATE", "the stack already has a resource " + resource.id());
            }
            List<ResourceId> missing = new ArrayList<>();
            for (ResourceId dep : resource.dependsOn()) {
                if (!resources.containsKey(dep)) {
                    missing.add(dep);
                }
            }
            if (!missing.isEmpty()) {
                throw new KombifyException("RESOURCE_DEPENDENCY_UNKNOWN", resource.id() + " depends on " + missing
                        + ", which the graph does not hold yet; add dependencies before their dependents");
            }
            resources.put(resource.id(), resource);
            for (ResourceId dep : resource.dependsOn()) {
                dependents.computeIfAbsent(dep, k -> new TreeSet<>()).add(resource.id());
            }
            return this;
        }

        /** Whether the builder already holds this address. */
        public boolean contains(ResourceId id) {
            return resources.containsKey(id);
        }

        /** The graph. The builder may be used further; the graph does not change. */
        public ResourceGraph build() {
            Map<ResourceId, Set<ResourceId>> frozen = new LinkedHashMap<>();
            dependents.forEach((k, v) -> frozen.put(k, Collections.unmodifiableSet(new TreeSet<>(v))));
            return new ResourceGraph(stack, specHash, Collections.unmodifiableMap(new LinkedHashMap<>(resources)),
                    Collections.unmodifiableMap(frozen));
        }
    }
}
