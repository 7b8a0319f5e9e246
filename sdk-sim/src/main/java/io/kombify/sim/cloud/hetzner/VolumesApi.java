package io.kombify.sim.cloud.hetzner;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/** {@code /volumes}: create, list, update, delete, attach, detach and resize. */
final class VolumesApi {
    static final long MIN_SIZE = 10;
    static final long MAX_SIZE = 10240;

    private VolumesApi() {
    }

    static void register(Routes routes) {
        routes.add("GET", "/volumes", c -> Routes.Reply.ok(Listing.page(c.query(), "volumes",
                c.cloud().volumes.values().stream().filter(Listing.<Volume>nameAndLabels(c.query()))
                        .map(r -> c.cloud().polled("volume", r))
                        .filter(Listing.oneOf(c.query(), "status", v -> v.status)).toList(),
                Volume::id, Listing.byIdNameCreated(), Volume::json)));
        routes.add("POST", "/volumes", VolumesApi::create);
        routes.add("GET", "/volumes/{id}", c -> Routes.Reply.ok("volume", c.cloud().polled("volume", c.cloud().volume(c.id("volume"))).json()));
        routes.add("PUT", "/volumes/{id}", VolumesApi::update);
        routes.add("DELETE", "/volumes/{id}", c -> {
            Volume v = c.cloud().volume(c.id("volume"));
            if (v.server != null) {
                throw ApiException.unprocessable("resource_in_use", "volume " + v.id() + " is attached to server " + v.server + "; detach it first");
            }
            c.cloud().volumes.remove(v.id());
            return Routes.Reply.noContent();
        });
        routes.add("POST", "/volumes/{id}/actions/attach", VolumesApi::attach);
        routes.add("POST", "/volumes/{id}/actions/detach", VolumesApi::detach);
        routes.add("POST", "/volumes/{id}/actions/resize", VolumesApi::resize);
    }

    private static Routes.Reply create(Routes.Call c) {
        Cloud cloud = c.cloud();
        Body b = c.json();
        String name = b.requiredString("name");
        Long size = b.requiredLong("size");
        String locationRef = b.optionalIdOrName("location");
        Long serverId = b.optionalLong("server");
        String format = b.optionalString("format");
        b.optionalBoolean("automount", false);
        Map<String, String> labels = b.optionalLabels("labels").orElse(Map.of());
        if (size != null && (size < MIN_SIZE || size > MAX_SIZE)) {
            b.fail("size", "must be between " + MIN_SIZE + " and " + MAX_SIZE + " (GB)");
        }
        if (format != null && !List.of("xfs", "ext4").contains(format)) {
            b.fail("format", "must be xfs or ext4");
        }
        Catalog.Location location = null;
        if (locationRef != null) {
            location = Catalog.findLocation(locationRef).orElse(null);
            if (location == null) {
                b.fail("location", "location '" + locationRef + "' not found");
            }
        }
        Server server = null;
        if (serverId != null) {
            server = cloud.servers.get(serverId);
            if (server == null) {
                b.fail("server", "server " + serverId + " not found");
            }
        }
        if (locationRef == null && serverId == null && !b.failed("server")) {
            b.fail("location", "give location or server");
        }
        if (location != null && server != null && !location.equals(server.location())) {
            b.fail("location", "the server " + server.id() + " is in " + server.location().name() + ", not " + location.name());
        }
        b.check();
        if (Cloud.nameTaken(cloud.volumes, name, -1)) {
            throw ApiException.uniqueness("volume name is already used", "name");
        }
        Volume v = new Volume(cloud.newId(), name, size, server != null ? server.location() : location, format, labels, cloud.now());
        cloud.volumes.put(v.id(), v);
        Action create = cloud.action("create_volume", () -> v.status = "available", Cloud.target("volume", v.id()));
        ObjectNode root = Json.wrap("volume", v.json());
        root.set("action", create.json());
        var next = root.putArray("next_actions");
        if (server != null) {
            v.server = server.id();
            root.set("volume", v.json());
            next.add(cloud.action("attach_volume", null, Cloud.target("volume", v.id()), Cloud.target("server", server.id())).json());
        }
        return Routes.Reply.created(root);
    }

    private static Routes.Reply update(Routes.Call c) {
        Volume v = c.cloud().volume(c.id("volume"));
        Body b = c.json();
        String name = b.optionalString("name");
        var labels = b.optionalLabels("labels");
        b.check();
        if (name != null && Cloud.nameTaken(c.cloud().volumes, name, v.id())) {
            throw ApiException.uniqueness("volume name is already used", "name");
        }
        v.update(name, labels);
        return Routes.Reply.ok("volume", v.json());
    }

    private static Routes.Reply attach(Routes.Call c) {
        Cloud cloud = c.cloud();
        Volume v = cloud.volume(c.id("volume"));
        Body b = c.json();
        Long serverId = b.requiredLong("server");
        b.optionalBoolean("automount", false);
        Server server = serverId == null ? null : cloud.servers.get(serverId);
        if (serverId != null && server == null) {
            b.fail("server", "server " + serverId + " not found");
        }
        b.check();
        if (v.server != null) {
            throw ApiException.unprocessable("volume_already_attached", "volume " + v.id() + " is already attached to server " + v.server);
        }
        if (!server.location().equals(v.location)) {
            throw ApiException.invalidField("server", "server " + server.id() + " is in " + server.location().name()
                    + ", the volume in " + v.location.name());
        }
        Action a = cloud.action("attach_volume", () -> {
            if (v.server == null && cloud.servers.containsKey(server.id())) {
                v.server = server.id();
            }
        }, Cloud.target("volume", v.id()), Cloud.target("server", server.id()));
        return Routes.Reply.created(Json.wrap("action", a.json()));
    }

    /** Grows the volume when the action succeeds; a volume never shrinks, as the API says. */
    private static Routes.Reply resize(Routes.Call c) {
        Cloud cloud = c.cloud();
        Volume v = cloud.volume(c.id("volume"));
        Body b = c.json();
        Long size = b.requiredLong("size");
        if (size != null && size <= v.size) {
            b.fail("size", "must be greater than the current size of " + v.size + " GB (a volume cannot shrink)");
        } else if (size != null && size > MAX_SIZE) {
            b.fail("size", "must be at most " + MAX_SIZE + " (GB)");
        }
        b.check();
        Action a = cloud.action("resize_volume", () -> v.size = Math.max(v.size, size), Cloud.target("volume", v.id()));
        return Routes.Reply.created(Json.wrap("action", a.json()));
    }

    private static Routes.Reply detach(Routes.Call c) {
        Cloud cloud = c.cloud();
        Volume v = cloud.volume(c.id("volume"));
        if (v.server == null) {
            throw new ApiException(400, "invalid_input", "volume " + v.id() + " is not attached to a server");
        }
        long server = v.server;
        Action a = cloud.action("detach_volume", () -> {
            if (v.server != null && v.server == server) {
                v.server = null;
            }
        }, Cloud.target("volume", v.id()), Cloud.target("server", server));
        return Routes.Reply.created(Json.wrap("action", a.json()));
    }
}
