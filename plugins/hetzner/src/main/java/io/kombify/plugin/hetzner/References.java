package io.kombify.plugin.hetzner;

import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the Hetzner objects that other resources of the same stack refer to by address
 * ({@code subnet.hetzner}, {@code ssh_key.lab}, a node's {@code machine.web}): through the
 * ownership labels {@code kombify.io/stack} and {@code kombify.io/resource} every object carries,
 * or for a subnet through the index labels on its network ({@link Subnets}). Also answers which
 * network zone a location is in, asked once per location.
 */
final class References {

    private final HetznerClient api;
    private final Map<String, String> zones = new ConcurrentHashMap<>();

    References(HetznerClient api) {
        this.api = api;
    }

    /** The object of the stack at {@code address} in {@code collection}, newest first if there are several. */
    Optional<Map<String, Object>> find(String stack, String collection, ResourceId address) {
        return Json.newest(api.list(collection, collection, "label_selector", Labels.byAddress(stack, address.toString())));
    }

    /**
     * The id of the object of the stack at {@code address}.
     *
     * @throws ProviderException {@code NOT_FOUND} naming the address when there is none
     */
    long require(String stack, String collection, ResourceId address, ResourceId user) {
        return find(stack, collection, address).map(Json::id).orElseThrow(() -> missing(stack, address, user));
    }

    /** The server of the node {@code node} of the stack. */
    Optional<Map<String, Object>> server(String stack, String node) {
        return find(stack, "servers", ResourceId.of(ResourceType.MACHINE, node));
    }

    /** The network holding the subnet at {@code subnet} of the stack. */
    Optional<Map<String, Object>> networkOfSubnet(String stack, ResourceId subnet) {
        return Json.newest(api.list("networks", "networks", "label_selector", Subnets.addressSelector(stack, subnet)));
    }

    /**
     * The network zone of a location, such as {@code eu-central} for {@code nbg1}.
     *
     * @throws ProviderException {@code INVALID} when Hetzner has no such location
     */
    String networkZone(String location, ResourceId user) {
        String cached = zones.get(location);
        if (cached != null) {
            return cached;
        }
        List<Map<String, Object>> found = api.list("locations", "locations", "name", location);
        String zone = found.stream().filter(l -> location.equals(Json.str(l, "name").orElse(null))).findFirst()
                .flatMap(l -> Json.str(l, "network_zone"))
                .orElseThrow(() -> new ProviderException(ErrorKind.INVALID, "Hetzner Cloud has no location " + location
                        + " (needed by " + user + "); locations are names such as nbg1, fsn1, hel1, ash, hil, sin"));
        zones.put(location, zone);
        return zone;
    }

    static ProviderException missing(String stack, ResourceId address, ResourceId user) {
        return new ProviderException(ErrorKind.NOT_FOUND, ErrorKind.NOT_FOUND.code(), user + " refers to " + address
                + ", which is not at Hetzner Cloud for stack " + stack + " (no object carries its labels); "
                + "apply it first, or remove the reference", null, null);
    }
}
