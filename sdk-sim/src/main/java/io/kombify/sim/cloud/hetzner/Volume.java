package io.kombify.sim.cloud.hetzner;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/** A block storage volume of the fake's project. */
final class Volume implements Resource {
    private final long id;
    private final Instant created;
    final Catalog.Location location;
    long size;
    final String format;
    String name;
    Map<String, String> labels;
    Long server;
    String status = "creating";

    Volume(long id, String name, long size, Catalog.Location location, String format, Map<String, String> labels, Instant created) {
        this.id = id;
        this.name = name;
        this.size = size;
        this.location = location;
        this.format = format;
        this.labels = new LinkedHashMap<>(labels);
        this.created = created;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, String> labels() {
        return labels;
    }

    @Override
    public Instant created() {
        return created;
    }

    @Override
    public ObjectNode json() {
        ObjectNode n = Json.object();
        n.put("id", id);
        Json.putTime(n, "created", created);
        n.put("name", name);
        if (server == null) {
            n.putNull("server");
        } else {
            n.put("server", server);
        }
        n.set("location", location.json());
        n.put("size", size);
        n.put("linux_device", "/dev/disk/by-id/scsi-0HC_Volume_" + id);
        n.putObject("protection").put("delete", false);
        n.set("labels", Json.labels(labels));
        n.put("status", status);
        if (format == null) {
            n.putNull("format");
        } else {
            n.put("format", format);
        }
        return n;
    }
}
