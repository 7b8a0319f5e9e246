package io.kombify.sim.cloud.hetzner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lists as the API answers them: filtered, sorted ({@code sort=field[:asc|:desc]}, repeatable;
 * ties by ID) and paginated ({@code page} from 1, {@code per_page} 25 by default and at most 50),
 * with {@code meta.pagination}.
 */
final class Listing {
    static final int DEFAULT_PER_PAGE = 25;
    static final int MAX_PER_PAGE = 50;

    private Listing() {
    }

    /** The {@code name} and {@code label_selector} filters most lists take. */
    static <T extends Resource> Predicate<T> nameAndLabels(Query query) {
        String name = query.first("name");
        String selector = query.first("label_selector");
        Labels.Selector parsed = selector == null || selector.isBlank() ? null : Labels.Selector.parse(selector, "label_selector");
        return r -> (name == null || name.equals(r.name())) && (parsed == null || parsed.matches(r.labels()));
    }

    /** A value filter given as a repeatable parameter ({@code status=running&status=off}); none given lets all pass. */
    static <T> Predicate<T> oneOf(Query query, String parameter, Function<T, String> value) {
        List<String> wanted = query.all(parameter);
        return t -> wanted.isEmpty() || wanted.contains(value.apply(t));
    }

    /** Sort keys of resources with a name and a creation time. */
    static <T extends Resource> Map<String, Comparator<T>> byIdNameCreated() {
        return Map.of("id", Comparator.comparingLong(Resource::id),
                "name", Comparator.comparing(Resource::name),
                "created", Comparator.comparing(Resource::created));
    }

    /**
     * The list's response: {@code {key: [...], meta: {pagination}}} for the requested page,
     * sorted by the {@code sort} parameters among {@code sortable} (an empty map: the list takes
     * no {@code sort}, the order is by ID).
     */
    static <T> ObjectNode page(Query query, String key, List<T> items, ToLongFunction<T> id,
                               Map<String, Comparator<T>> sortable, Function<T, ObjectNode> render) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(order(query, id, sortable));
        Long pageParam = query.integer("page");
        Long perPageParam = query.integer("per_page");
        long page = pageParam == null ? 1 : pageParam;
        long perPage = perPageParam == null ? DEFAULT_PER_PAGE : Math.min(perPageParam, MAX_PER_PAGE);
        if (page < 1) {
            throw ApiException.invalidField("page", "Must be greater than or equal to 1.");
        }
        if (perPage < 1) {
            throw ApiException.invalidField("per_page", "Must be greater than or equal to 1.");
        }
        long total = sorted.size();
        long lastPage = Math.max(1, (total + perPage - 1) / perPage);
        ObjectNode root = Json.object();
        ArrayNode array = root.putArray(key);
        long from = (page - 1) * perPage;
        for (long i = from; i < Math.min(total, from + perPage); i++) {
            array.add(render.apply(sorted.get((int) i)));
        }
        ObjectNode pagination = root.putObject("meta").putObject("pagination");
        pagination.put("page", page);
        pagination.put("per_page", perPage);
        if (page > 1) {
            pagination.put("previous_page", Math.min(page - 1, lastPage));
        } else {
            pagination.putNull("previous_page");
        }
        if (page < lastPage) {
            pagination.put("next_page", page + 1);
        } else {
            pagination.putNull("next_page");
        }
        pagination.put("last_page", lastPage);
        pagination.put("total_entries", total);
        return root;
    }

    private static <T> Comparator<T> order(Query query, ToLongFunction<T> id, Map<String, Comparator<T>> sortable) {
        Comparator<T> order = null;
        for (String s : query.all("sort")) {
            int colon = s.indexOf(':');
            String field = colon < 0 ? s : s.substring(0, colon);
            String direction = colon < 0 ? "asc" : s.substring(colon + 1);
            Comparator<T> c = sortable.get(field);
            if (c == null || !(direction.equals("asc") || direction.equals("desc"))) {
                throw ApiException.invalidField("sort", "'" + s + "' is not a valid sort"
                        + (sortable.isEmpty() ? ": this list cannot be sorted" : "; sort by "
                        + String.join(", ", sortable.keySet().stream().sorted().toList()) + " with :asc or :desc"));
            }
            c = direction.equals("desc") ? c.reversed() : c;
            order = order == null ? c : order.thenComparing(c);
        }
        Comparator<T> byId = Comparator.comparingLong(id);
        return order == null ? byId : order.thenComparing(byId);
    }
}
