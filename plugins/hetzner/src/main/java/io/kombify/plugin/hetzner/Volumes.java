package io.kombify.plugin.hetzner;

import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.spi.UpdateRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code hcloud_volume}: block storage ({@code /volumes}), a type of this provider that a spec does
 * not produce but a resource graph may hold. Attributes: {@code name} (required), {@code size} in GB
 * (required, at least 10; grows in place, never shrinks), {@code node} (the node whose server it is
 * attached to; changes in place by detaching and attaching), {@code location} (when it has no node;
 * default the provider's location), {@code format} ({@code ext4} or {@code xfs}),
 * {@code automount} (whether the server mounts it when it is attached) and {@code labels}.
 * Hetzner keeps no automount setting on a volume, only uses it when attaching: a new
 * {@code automount} changes in place without a call and applies at the next attach.
 *
 * <p>When the server of its node is deleted (a replaced machine), Hetzner detaches the volume; a
 * read then shows {@code node: null}, so the next plan attaches it to the node's new server.
 * Outputs: {@code id}, {@code serverId}, {@code linuxDevice}, {@code location}.
 */
final class Volumes extends Handler {

    /** The smallest volume Hetzner makes, in GB. */
    static final long MIN_SIZE = 10;

    private final HetznerSettings settings;

    Volumes(HetznerClient api, References refs) {
        super(api, refs);
        this.settings = api.settings();
    }

    @Override
    public ResourceType type() {
        return HetznerProvider.HCLOUD_VOLUME;
    }

    @Override
    public ResourceTypeSupport support() {
        return new ResourceTypeSupport(type(), Set.of("name", "labels", "size", "node", "automount"), false);
    }

    @Override
    String collection() {
        return "volumes";
    }

    @Override
    String singular() {
        return "volume";
    }

    @Override
    Map<String, Object> make(CreateRequest request, Attrs attrs) {
        String stack = request.context().stack();
        long size = size(attrs);
        Optional<String> node = attrs.string("node");
        Long server = node.map(n -> serverOf(stack, n, request.id().toString())).orElse(null);
        Optional<String> format = attrs.string("format");
        if (format.isPresent() && !format.get().equals("ext4") && !format.get().equals("xfs")) {
            throw attrs.invalid("format", "must be ext4 or xfs, not " + format.get());
        }
        Map<String, Object> body = Json.object(
                "name", attrs.requiredString("name"),
                "size", size,
                "labels", Labels.forResource(request.id(), request.attributes(), request.context()),
                "format", format.orElse(null),
                "server", server,
                "automount", server == null ? null : attrs.bool("automount").orElse(false),
                "location", server == null ? attrs.string("location").orElse(settings.location()) : null);
        Map<String, Object> answer = api.post(collection(), body);
        Map<String, Object> volume = Json.obj(answer, singular());
        awaitOrUndo(volume, () -> {
            api.await(Json.obj(answer, "action"));
            api.awaitAll(Json.objects(answer, "next_actions"));
        });
        return reread(volume);
    }

    private long size(Attrs attrs) {
        long size = attrs.whole("size").orElseThrow(() -> attrs.invalid("size", "is required (GB, at least " + MIN_SIZE + ")"));
        if (size < MIN_SIZE) {
            throw attrs.invalid("size", "is " + size + " GB, but a Hetzner Cloud volume has at least " + MIN_SIZE + " GB");
        }
        return size;
    }

    private long serverOf(String stack, String node, String user) {
        return refs.server(stack, node).map(Json::id).orElseThrow(() -> new ProviderException(ErrorKind.NOT_FOUND,
                user + " is to be attached to node " + node + ", whose server is not at Hetzner Cloud for stack " + stack
                        + "; apply the node's machine first"));
    }

    @Override
    void change(UpdateRequest request, Map<String, Object> current, Attrs desired, Set<String> changed) {
        long id = Json.id(current);
        String stack = request.context().stack();
        if (changed.contains("size")) {
            long size = size(desired);
            long now = Json.num(current, "size").orElse(0L);
            if (size < now) {
                throw desired.invalid("size", "is " + size + " GB, but the volume has " + now
                        + " GB and Hetzner Cloud volumes can only grow; replace the volume under a new name to shrink it");
            }
            if (size > now) {
                api.await(Json.obj(api.post(collection() + "/" + id + "/actions/resize", Json.object("size", size)), "action"));
            }
        }
        if (changed.contains("node")) {
            Optional<Long> attached = Json.num(current, "server");
            Optional<String> node = desired.string("node");
            Long target = node.map(n -> serverOf(stack, n, request.id().toString())).orElse(null);
            if (attached.isPresent() && !attached.get().equals(target)) {
                api.await(Json.obj(api.post(collection() + "/" + id + "/actions/detach", null), "action"));
            }
            if (target != null && !attached.equals(Optional.of(target))) {
                api.await(Json.obj(api.post(collection() + "/" + id + "/actions/attach",
                        Json.object("server", target, "automount", desired.bool("automount").orElse(false))), "action"));
            }
        }
        if (changed.contains("name") || changed.contains("labels")) {
            api.put(collection() + "/" + id, Json.object("name", desired.requiredString("name"),
                    "labels", relabel(request.id(), current, request.desired(), request.context())));
        }
    }

    @Override
    Map<String, Object> observe(Map<String, Object> volume, Map<String, Object> recorded, boolean lookup, String stack) {
        Map<String, Object> a = new LinkedHashMap<>(recorded);
        Json.str(volume, "name").ifPresent(n -> a.put("name", n));
        Json.num(volume, "size").ifPresent(s -> a.put("size", s));
        if (recorded.containsKey("location") || lookup) {
            locationOf(volume).ifPresent(l -> a.put("location", l));
        }
        if (recorded.containsKey("format") || lookup) {
            Json.str(volume, "format").ifPresent(f -> a.put("format", f));
        }
        Optional<Long> server = Json.num(volume, "server");
        if (recorded.containsKey("node") || server.isPresent()) {
            a.put("node", server.map(this::nodeOf).orElse(null));
        }
        observeLabels(a, volume, recorded);
        return a;
    }

    /** The node a server belongs to, from its resource label; else its name at Hetzner. */
    private String nodeOf(long serverId) {
        Optional<Map<String, Object>> server = api.find("servers/" + serverId, "server");
        if (server.isEmpty()) {
            return null;
        }
        String machine = ResourceType.MACHINE.name() + ".";
        return Labels.value(Json.obj(server.get(), "labels"), ProviderContext.LABEL_RESOURCE)
                .filter(r -> r.startsWith(machine)).map(r -> r.substring(machine.length()))
                .orElseGet(() -> Json.str(server.get(), "name").orElse(String.valueOf(serverId)));
    }

    @Override
    Map<String, Object> outputs(Map<String, Object> volume) {
        return Json.object("id", Json.id(volume), "serverId", Json.num(volume, "server").orElse(null),
                "linuxDevice", Json.str(volume, "linux_device").orElse(null), "location", locationOf(volume).orElse(null));
    }

    @Override
    void remove(Map<String, Object> volume) {
        if (Json.num(volume, "server").isPresent()) {
            api.await(Json.obj(api.post(collection() + "/" + Json.id(volume) + "/actions/detach", null), "action"));
        }
        super.remove(volume);
    }
}
