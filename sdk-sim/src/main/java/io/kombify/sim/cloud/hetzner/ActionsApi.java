package io.kombify.sim.cloud.hetzner;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;


/** {@code /actions} and the action endpoints of each resource type ({@code /servers/actions}, {@code /servers/{id}/actions}...). */
final class ActionsApi {
    private static final Map<String, Comparator<Action>> SORT = Map.of(
            "id", Comparator.comparingLong(Action::id),
            "command", Comparator.comparing(Action::command),
            "status", Comparator.comparing(Action::status),
            "started", Comparator.comparing(Action::started),
            "finished", Comparator.comparing(Action::finished, Comparator.nullsLast(Comparator.<Instant>naturalOrder())));

    private ActionsApi() {
    }

    static void register(Routes routes) {
        routes.add("GET", "/actions", ActionsApi::getMultiple);
        routes.add("GET", "/actions/{id}", c -> Routes.Reply.ok("action", c.cloud().read(action(c.cloud(), c.id("action"), a -> true))));
        resource(routes, "servers", "server", (cloud, id) -> cloud.server(id));
        resource(routes, "networks", "network", (cloud, id) -> cloud.network(id));
        resource(routes, "firewalls", "firewall", (cloud, id) -> cloud.firewall(id));
        resource(routes, "volumes", "volume", (cloud, id) -> cloud.volume(id));
        resource(routes, "primary_ips", "primary_ip", (cloud, id) -> cloud.primaryIp(id));
        resource(routes, "images", "image", (cloud, id) -> CatalogApi.image(id));
    }

    /** The four action endpoints of a resource type; {@code exists} answers 404 for an unknown resource. */
    private static void resource(Routes routes, String collection, String type, BiConsumer<Cloud, Long> exists) {
        routes.add("GET", "/" + collection + "/actions", c -> list(c, a -> a.concerns(type)));
        routes.add("GET", "/" + collection + "/actions/{id}",
                c -> Routes.Reply.ok("action", c.cloud().read(action(c.cloud(), c.id("action"), a -> a.concerns(type)))));
        routes.add("GET", "/" + collection + "/{id}/actions", c -> {
            long id = c.id(type);
            exists.accept(c.cloud(), id);
            return list(c, a -> a.concerns(type, id));
        });
        routes.add("GET", "/" + collection + "/{id}/actions/{action_id}", c -> {
            long id = c.id(type);
            exists.accept(c.cloud(), id);
            return Routes.Reply.ok("action", c.cloud().read(action(c.cloud(), c.id("action_id", "action"), a -> a.concerns(type, id))));
        });
    }

    private static Action action(Cloud cloud, long id, Predicate<Action> visible) {
        Action a = cloud.actions.get(id);
        if (a == null || !visible.test(a)) {
            throw ApiException.notFound("action", id);
        }
        return a;
    }

    /** A list of actions, each read (which counts towards its completion). */
    private static Routes.Reply list(Routes.Call c, Predicate<Action> visible) {
        List<String> ids = c.query().all("id");
        Predicate<Action> filter = visible.and(Listing.oneOf(c.query(), "status", Action::status))
                .and(a -> ids.isEmpty() || ids.contains(String.valueOf(a.id())));
        List<Action> actions = c.cloud().actions.values().stream().filter(filter).toList();
        return Routes.Reply.ok(Listing.page(c.query(), "actions", actions, Action::id, SORT, c.cloud()::read));
    }

    /**
     * {@code GET /actions?id=1&id=2}: the actions asked for (unknown IDs are left out), with the
     * pagination the other lists have.
     */
    private static Routes.Reply getMultiple(Routes.Call c) {
        List<String> ids = c.query().all("id");
        if (ids.isEmpty()) {
            throw ApiException.invalidField("id", Body.MISSING);
        }
        for (String raw : ids) {
            if (!raw.matches("\\d{1,18}")) {
                throw ApiException.invalidField("id", "Not a valid integer.");
            }
        }
        return list(c, a -> true);
    }
}
