package io.kombify.plugin.hetzner;

import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.spi.UpdateRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code network}: a private network ({@code /networks}). Attributes: {@code name} (required;
 * changes in place), {@code ipRange} (required, an RFC 1918 range such as {@code 10.0.0.0/16}; a
 * new range replaces the network) and {@code labels} (changes in place). Outputs: {@code id},
 * {@code subnets} (their ranges). Subnets are resources of their own ({@link Subnets}), kept in the
 * network's labels as an index, which a change of the network's labels leaves alone.
 */
final class Networks extends Handler {

    private final Subnets subnets;

    Networks(HetznerClient api, References refs, Subnets subnets) {
        super(api, refs);
        this.subnets = subnets;
    }

    @Override
    public ResourceType type() {
        return ResourceType.NETWORK;
    }

    @Override
    public ResourceTypeSupport support() {
        return new ResourceTypeSupport(type(), Set.of("name", "labels"), false);
    }

    @Override
    String collection() {
        return "networks";
    }

    @Override
    String singular() {
        return "network";
    }

    @Override
    Map<String, Object> make(CreateRequest request, Attrs attrs) {
        Map<String, Object> body = Json.object("name", attrs.requiredString("name"),
                "ip_range", attrs.requiredString("ipRange"),
                "labels", Labels.forResource(request.id(), request.attributes(), request.context()));
        return Json.obj(api.post(collection(), body), singular());
    }

    @Override
    void change(UpdateRequest request, Map<String, Object> current, Attrs desired, Set<String> changed) {
        long id = Json.id(current);
        subnets.withNetworkLock(id, () -> {
            Map<String, Object> fresh = reread(current);
            api.put(collection() + "/" + id, Json.object("name", desired.requiredString("name"),
                    "labels", relabel(request.id(), fresh, request.desired(), request.context())));
            return null;
        });
    }

    @Override
    Map<String, Object> observe(Map<String, Object> object, Map<String, Object> recorded, boolean lookup, String stack) {
        Map<String, Object> a = new LinkedHashMap<>(recorded);
        Json.str(object, "name").ifPresent(n -> a.put("name", n));
        Json.str(object, "ip_range").ifPresent(r -> a.put("ipRange", r));
        observeLabels(a, object, recorded);
        return a;
    }

    @Override
    Map<String, Object> outputs(Map<String, Object> object) {
        return Json.object("id", Json.id(object),
                "subnets", Json.objects(object, "subnets").stream().map(s -> Json.str(s, "ip_range").orElse("")).toList());
    }
}
