package io.kombify.sim.cloud.hetzner;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import tools.jackson.databind.node.ObjectNode;

/** The read-only catalogue: {@code /locations}, {@code /datacenters}, {@code /server_types} and {@code /images}. */
final class CatalogApi {
    private CatalogApi() {
    }

    static void register(Routes routes) {
        routes.add("GET", "/locations", c -> Routes.Reply.ok(Listing.page(c.query(), "locations",
                Catalog.LOCATIONS.stream().filter(named(c.query(), Catalog.Location::name)).toList(), Catalog.Location::id,
                Map.of("id", Comparator.comparingLong(Catalog.Location::id), "name", Comparator.comparing(Catalog.Location::name)),
                Catalog.Location::json)));
        routes.add("GET", "/locations/{id}", c -> {
            long id = c.id("location");
            return Routes.Reply.ok("location", Catalog.LOCATIONS.stream().filter(l -> l.id() == id).findFirst()
                    .orElseThrow(() -> ApiException.notFound("location", id)).json());
        });
        routes.add("GET", "/datacenters", c -> {
            ObjectNode page = Listing.page(c.query(), "datacenters",
                    Catalog.DATACENTERS.stream().filter(named(c.query(), Catalog.Datacenter::name)).toList(), Catalog.Datacenter::id,
                    Map.of("id", Comparator.comparingLong(Catalog.Datacenter::id), "name", Comparator.comparing(Catalog.Datacenter::name)),
                    Catalog.Datacenter::json);
            page.put("recommendation", Catalog.RECOMMENDED_DATACENTER);
            return Routes.Reply.ok(page);
        });
        routes.add("GET", "/datacenters/{id}", c -> {
            long id = c.id("datacenter");
            return Routes.Reply.ok("datacenter", Catalog.DATACENTERS.stream().filter(d -> d.id() == id).findFirst()
                    .orElseThrow(() -> ApiException.notFound("datacenter", id)).json());
        });
        routes.add("GET", "/server_types", c -> Routes.Reply.ok(Listing.page(c.query(), "server_types",
                Catalog.SERVER_TYPES.stream().filter(named(c.query(), Catalog.ServerType::name)).toList(), Catalog.ServerType::id,
                Map.of(), Catalog.ServerType::json)));
        routes.add("GET", "/server_types/{id}", c -> {
            long id = c.id("server_type");
            return Routes.Reply.ok("server_type", Catalog.SERVER_TYPES.stream().filter(t -> t.id() == id).findFirst()
                    .orElseThrow(() -> ApiException.notFound("server_type", id)).json());
        });
        routes.add("GET", "/images", CatalogApi::listImages);
        routes.add("GET", "/images/{id}", c -> Routes.Reply.ok("image", image(c.id("image")).json()));
    }

    static Catalog.Image image(long id) {
        return Catalog.IMAGES.stream().filter(i -> i.id() == id).findFirst().orElseThrow(() -> ApiException.notFound("image", id));
    }

    private static <T> Predicate<T> named(Query query, Function<T, String> name) {
        String wanted = query.first("name");
        return t -> wanted == null || wanted.equals(name.apply(t));
    }

    private static Routes.Reply listImages(Routes.Call c) {
        Query q = c.query();
        String architecture = q.first("architecture");
        if (architecture != null && !List.of("x86", "arm").contains(architecture)) {
            throw ApiException.invalidField("architecture", "Must be one of: x86, arm.");
        }
        String boundTo = q.first("bound_to");
        Predicate<Catalog.Image> filter = Listing.<Catalog.Image>nameAndLabels(q)
                .and(Listing.oneOf(q, "type", i -> "system"))
                .and(Listing.oneOf(q, "status", i -> "available"))
                .and(i -> architecture == null || architecture.equals(i.architecture()))
                .and(i -> boundTo == null || boundTo.isEmpty());
        return Routes.Reply.ok(Listing.page(q, "images", Catalog.IMAGES.stream().filter(filter).toList(), Catalog.Image::id,
                Listing.byIdNameCreated(), Catalog.Image::json));
    }
}
