package io.kombify.sim.cloud.hetzner;

import java.time.Instant;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/** A block storage volume of the fake's project. */
final class Volume extends AbstractResource {
    final Catalog.Location location;
    long size;
    final String format;
    Long server;
    String status = "creating";

    Volume(long id, String name, long size, Catalog.Location location, String format, Map<String, String> labels, Instant created) {
        super(id, name, labels, created);
        this.size = size;
        this.location = location;
        this.format = format;
    }

    @Override
    public ObjectNode json() {
        ObjectNode n = Json.object();
        n.put("id", id());
        putCreated(n);
        n.put("name", name());
        if (server == null) {
            n.putNull("server");
        } else {
            n.put("server", server);
        }
        n.set("location", location.json());
        n.put("size", size);
        n.put("linux_device", "/dev/disk/by-id/scsi-0HC_Volume_" + id());
        n.putObject("protection").put("delete", false);
        putLabels(n);
        n.put("status", status);
        if (format == null) {
            n.putNull("format");
        } else {
            n.put("format", format);
        }
        return n;
    }
}
