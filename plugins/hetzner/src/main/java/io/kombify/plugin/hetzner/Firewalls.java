package io.kombify.plugin.hetzner;

import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.spi.UpdateRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code firewall}: a Hetzner Cloud firewall ({@code /firewalls}) applied to the server of its
 * {@code node}. It is applied through a label selector naming the node's machine
 * ({@code kombify.io/stack} and {@code kombify.io/resource=machine.NODE}), so a server that
 * replaces the node's machine is covered from its first moment. Rules come from {@code rules} and
 * {@code defaultInbound} as {@link FirewallRules} describes, and change in place
 * ({@code set_rules}); so do {@code name} (default {@code kombify-STACK-NODE}), {@code labels},
 * {@code publishedPorts} and {@code backend}, the last two without a call (a cloud firewall has no
 * backend, and published ports are not opened). A new {@code node} replaces the firewall. A delete
 * first removes the firewall from what it is applied to, as the API requires. Outputs: {@code id},
 * {@code appliedTo} (the ids of the servers it covers).
 */
final class Firewalls extends Handler {

    Firewalls(HetznerClient api, References refs) {
        super(api, refs);
    }

    @Override
    public ResourceType type() {
        return ResourceType.FIREWALL;
    }

    @Override
    public ResourceTypeSupport support() {
        return new ResourceTypeSupport(type(), Set.of("name", "labels", "rules", "defaultInbound", "publishedPorts", "backend"),
                false);
    }

    @Override
    String collection() {
        return "firewalls";
    }

    @Override
    String singular() {
        return "firewall";
    }

    @Override
    Map<String, Object> make(CreateRequest request, Attrs attrs) {
        String stack = request.context().stack();
        String node = attrs.requiredString("node");
        List<Map<String, Object>> rules = FirewallRules.toHetzner(attrs);
        Map<String, Object> selector = Json.object("selector",
                Labels.byAddress(stack, ResourceId.of(ResourceType.MACHINE, node).toString()));
        Map<String, Object> body = Json.object(
                "name", attrs.string("name").orElseGet(() -> defaultName(stack, node)),
                "labels", Labels.forResource(request.id(), request.attributes(), request.context()),
                "rules", rules,
                "apply_to", List.of(Json.object("type", "label_selector", "label_selector", selector)));
        Map<String, Object> answer = api.post(collection(), body);
        Map<String, Object> firewall = Json.obj(answer, singular());
        awaitOrUndo(firewall, () -> api.awaitAll(Json.objects(answer, "actions")));
        return reread(firewall);
    }

    static String defaultName(String stack, String node) {
        String name = "kombify-" + stack + "-" + node;
        return name.length() <= 128 ? name : name.substring(0, 111) + "-" + Labels.sha256(name).substring(0, 16);
    }

    @Override
    void change(UpdateRequest request, Map<String, Object> current, Attrs desired, Set<String> changed) {
        long id = Json.id(current);
        if (changed.contains("rules") || changed.contains("defaultInbound")) {
            Map<String, Object> answer = api.post(collection() + "/" + id + "/actions/set_rules",
                    Json.object("rules", FirewallRules.toHetzner(desired)));
            api.awaitAll(Json.objects(answer, "actions"));
        }
        if (changed.contains("name") || changed.contains("labels")) {
            String name = desired.string("name").orElseGet(() -> Json.str(current, "name").orElseThrow());
            api.put(collection() + "/" + id, Json.object("name", name,
                    "labels", relabel(request.id(), current, request.desired(), request.context())));
        }
    }

    @Override
    Map<String, Object> observe(Map<String, Object> firewall, Map<String, Object> recorded, boolean lookup, String stack) {
        Map<String, Object> a = new LinkedHashMap<>(recorded);
        if (recorded.containsKey("name") || lookup) {
            Json.str(firewall, "name").ifPresent(n -> a.put("name", n));
        }
        List<Map<String, Object>> actual = Json.objects(firewall, "rules");
        boolean asRecorded = false;
        if (!lookup) {
            try {
                asRecorded = FirewallRules.same(FirewallRules.toHetzner(new Attrs(ResourceId.of(type(), "recorded"), recorded)),
                        actual);
            } catch (ProviderException e) {
                asRecorded = false;
            }
        }
        if (!asRecorded) {
            a.put("rules", FirewallRules.fromHetzner(actual));
        }
        if (lookup) {
            nodeOf(firewall).ifPresent(n -> a.put("node", n));
        }
        observeLabels(a, firewall, recorded);
        return a;
    }

    /** The node whose machine the firewall's label selector names, if it names one. */
    private static Optional<String> nodeOf(Map<String, Object> firewall) {
        String prefix = ProviderContext.LABEL_RESOURCE + "=";
        for (Map<String, Object> target : Json.objects(firewall, "applied_to")) {
            String selector = Json.str(Json.obj(target, "label_selector"), "selector").orElse("");
            for (String part : selector.split(",")) {
                if (part.startsWith(prefix)) {
                    Optional<String> address = Labels.decodeValue(part.substring(prefix.length()));
                    String machine = ResourceType.MACHINE.name() + ".";
                    if (address.isPresent() && address.get().startsWith(machine)) {
                        return Optional.of(address.get().substring(machine.length()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Override
    Map<String, Object> outputs(Map<String, Object> firewall) {
        Set<Long> servers = new LinkedHashSet<>();
        for (Map<String, Object> target : Json.objects(firewall, "applied_to")) {
            Json.num(Json.obj(target, "server"), "id").ifPresent(servers::add);
            for (Map<String, Object> r : Json.objects(target, "applied_to_resources")) {
                Json.num(Json.obj(r, "server"), "id").ifPresent(servers::add);
            }
        }
        return Json.object("id", Json.id(firewall), "appliedTo", new ArrayList<>(servers));
    }

    @Override
    void remove(Map<String, Object> firewall) {
        List<Map<String, Object>> from = new ArrayList<>();
        for (Map<String, Object> target : Json.objects(firewall, "applied_to")) {
            String type = Json.str(target, "type").orElse("");
            if (type.equals("server")) {
                from.add(Json.object("type", "server", "server", Json.object("id", Json.num(Json.obj(target, "server"), "id")
                        .orElse(null))));
            } else if (type.equals("label_selector")) {
                from.add(Json.object("type", "label_selector", "label_selector",
                        Json.object("selector", Json.str(Json.obj(target, "label_selector"), "selector").orElse(""))));
            }
        }
        if (!from.isEmpty()) {
            Map<String, Object> answer = api.post(collection() + "/" + Json.id(firewall) + "/actions/remove_from_resources",
                    Json.object("remove_from", from));
            api.awaitAll(Json.objects(answer, "actions"));
        }
        super.remove(firewall);
    }
}
