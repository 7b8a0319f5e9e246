package io.kombify.plugin.hetzner;

import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.spi.UpdateRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code primary_ip}: a public address kept apart from any server ({@code /primary_ips}), a type of
 * this provider that a machine uses through its {@code primaryIpv4} or {@code primaryIpv6}
 * attribute, so the address outlives a replacement of the server. Attributes: {@code name}
 * (required), {@code type} ({@code ipv4}, the default, or {@code ipv6}), {@code location} (default
 * the provider's location), {@code autoDelete} (delete it with its server; default false) and
 * {@code labels}; name, labels and autoDelete change in place. A machine refuses an address with
 * {@code autoDelete}, which Hetzner would delete with the server. Deleting an address still
 * assigned to a server takes it off the server first, which Hetzner allows only while the server
 * is off: a running server's address is refused with {@value #ASSIGNED} before anything changes.
 * Outputs: {@code id}, {@code ip}, {@code assigneeId}.
 */
final class PrimaryIps extends Handler {

    /** The code of a delete refused because the address is assigned to a running server. */
    static final String ASSIGNED = "HETZNER_PRIMARY_IP_ASSIGNED";

    private final HetznerSettings settings;

    PrimaryIps(HetznerClient api, References refs) {
        super(api, refs);
        this.settings = api.settings();
    }

    @Override
    public ResourceType type() {
        return HetznerProvider.PRIMARY_IP;
    }

    @Override
    public ResourceTypeSupport support() {
        return new ResourceTypeSupport(type(), Set.of("name", "labels", "autoDelete"), false);
    }

    @Override
    String collection() {
        return "primary_ips";
    }

    @Override
    String singular() {
        return "primary_ip";
    }

    @Override
    Map<String, Object> make(CreateRequest request, Attrs attrs) {
        String type = attrs.string("type").orElse("ipv4").toLowerCase(Locale.ROOT);
        if (!type.equals("ipv4") && !type.equals("ipv6")) {
            throw attrs.invalid("type", "must be ipv4 or ipv6, not " + type);
        }
        Map<String, Object> body = Json.object(
                "name", attrs.requiredString("name"),
                "type", type,
                "assignee_type", "server",
                "location", attrs.string("location").orElse(settings.location()),
                "auto_delete", attrs.bool("autoDelete").orElse(false),
                "labels", Labels.forResource(request.id(), request.attributes(), request.context()));
        Map<String, Object> answer = api.post(collection(), body);
        Map<String, Object> ip = Json.obj(answer, singular());
        awaitOrUndo(ip, () -> api.await(Json.obj(answer, "action")));
        return reread(ip);
    }

    @Override
    void change(UpdateRequest request, Map<String, Object> current, Attrs desired, Set<String> changed) {
        api.put(collection() + "/" + Json.id(current), Json.object("name", desired.requiredString("name"),
                "auto_delete", desired.bool("autoDelete").orElse(false),
                "labels", relabel(request.id(), current, request.desired(), request.context())));
    }

    @Override
    Map<String, Object> observe(Map<String, Object> ip, Map<String, Object> recorded, boolean lookup, String stack) {
        Map<String, Object> a = new LinkedHashMap<>(recorded);
        Json.str(ip, "name").ifPresent(n -> a.put("name", n));
        if (recorded.containsKey("type") || lookup) {
            Json.str(ip, "type").ifPresent(t -> a.put("type", t));
        }
        if (recorded.containsKey("location") || lookup) {
            locationOf(ip).ifPresent(l -> a.put("location", l));
        }
        if (recorded.containsKey("autoDelete") || lookup) {
            Json.bool(ip, "auto_delete").ifPresent(d -> a.put("autoDelete", d));
        }
        observeLabels(a, ip, recorded);
        return a;
    }

    @Override
    Map<String, Object> outputs(Map<String, Object> ip) {
        return Json.object("id", Json.id(ip), "ip", Json.str(ip, "ip").orElse(null),
                "assigneeId", Json.num(ip, "assignee_id").orElse(null));
    }

    @Override
    void remove(Map<String, Object> ip) {
        Optional<Long> assignee = Json.num(ip, "assignee_id");
        if (assignee.isPresent()) {
            Optional<Map<String, Object>> server = api.find("servers/" + assignee.get(), "server");
            String status = server.flatMap(s -> Json.str(s, "status")).orElse("off");
            if (server.isPresent() && !status.equals("off")) {
                String name = Json.str(server.get(), "name").orElse(String.valueOf(assignee.get()));
                throw new ProviderException(ErrorKind.INVALID, ASSIGNED, "primary IP " + Json.str(ip, "name").orElse("")
                        + " (" + Json.str(ip, "ip").orElse("?") + ") is assigned to server " + name + " (" + assignee.get()
                        + "), which is " + status + "; Hetzner Cloud takes a primary IP off a server only while the server is off:"
                        + " delete or replace the machine using it first, or stop the server (hcloud server poweroff " + name
                        + ") and apply again", null, null);
            }
            if (server.isPresent()) {
                api.await(Json.obj(api.post(collection() + "/" + Json.id(ip) + "/actions/unassign", null), "action"));
            }
        }
        super.remove(ip);
    }
}
