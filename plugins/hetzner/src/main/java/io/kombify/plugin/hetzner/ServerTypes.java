package io.kombify.plugin.hetzner;

import io.kombify.deploy.ResourceId;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Picks a server type for a machine that names none, from what {@code GET /server_types} offers
 * (asked once per provider): the cheapest type (monthly net price in the location) of the
 * machine's architecture, not deprecated, available in the location, with at least the machine's
 * cores, memory and disk; ties go to the smaller type, then the name. Hetzner states memory and
 * disk in GB; a node's {@code 4Gi} asks for a type of at least 4 of them.
 */
final class ServerTypes {

    private final HetznerClient api;
    private volatile List<Map<String, Object>> types;

    ServerTypes(HetznerClient api) {
        this.api = api;
    }

    /** The Hetzner architecture ({@code x86}, {@code arm}) of a node's {@code arch} attribute. */
    static String architecture(Attrs attrs) {
        String arch = attrs.string("arch").orElse("amd64").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86", "x86_64" -> "x86";
            case "arm64", "arm", "aarch64" -> "arm";
            default -> throw attrs.invalid("arch", "is " + arch + ", but Hetzner Cloud servers are amd64 (x86) or arm64");
        };
    }

    /**
     * The name of the type to create.
     *
     * @throws ProviderException {@code INVALID} when no type fits, naming what was asked
     */
    String choose(ResourceId id, double cores, double memoryGb, double diskGb, String architecture, String location) {
        List<Map<String, Object>> all = types;
        if (all == null) {
            all = api.list("server_types", "server_types");
            types = all;
        }
        Optional<Map<String, Object>> best = all.stream()
                .filter(t -> Json.str(t, "architecture").orElse("x86").equals(architecture))
                .filter(t -> !Json.bool(t, "deprecated").orElse(false) && !Json.hasObj(t, "deprecation"))
                .filter(t -> availableIn(t, location))
                .filter(t -> Json.decimal(t, "cores").orElse(0.0) >= Math.ceil(cores - 1e-9)
                        && Json.decimal(t, "memory").orElse(0.0) + 1e-9 >= memoryGb
                        && Json.decimal(t, "disk").orElse(0.0) + 1e-9 >= diskGb)
                .min(Comparator.<Map<String, Object>>comparingDouble(t -> monthlyPrice(t, location))
                        .thenComparingDouble(t -> Json.decimal(t, "cores").orElse(0.0))
                        .thenComparingDouble(t -> Json.decimal(t, "memory").orElse(0.0))
                        .thenComparingDouble(t -> Json.decimal(t, "disk").orElse(0.0))
                        .thenComparing(t -> Json.str(t, "name").orElse("")));
        return best.flatMap(t -> Json.str(t, "name")).orElseThrow(() -> new ProviderException(ErrorKind.INVALID,
                ErrorKind.INVALID.code(), "no Hetzner Cloud server type in " + location + " has " + Attrs.plain(Math.ceil(cores))
                + " cores, " + Attrs.plain(memoryGb) + " GB memory and " + Attrs.plain(diskGb) + " GB disk on " + architecture
                + " (needed by " + id + "); give the node a smaller size, another location, or the label "
                + "server-type naming the type to use", null, null));
    }

    private static boolean availableIn(Map<String, Object> type, String location) {
        List<Map<String, Object>> locations = Json.objects(type, "locations");
        if (!locations.isEmpty()) {
            return locations.stream().anyMatch(l -> location.equals(Json.str(l, "name").orElse(null))
                    && !Json.hasObj(l, "deprecation"));
        }
        List<Map<String, Object>> prices = Json.objects(type, "prices");
        return prices.isEmpty() || prices.stream().anyMatch(p -> location.equals(Json.str(p, "location").orElse(null)));
    }

    private static double monthlyPrice(Map<String, Object> type, String location) {
        return Json.objects(type, "prices").stream()
                .filter(p -> location.equals(Json.str(p, "location").orElse(null)))
                .map(p -> Json.decimal(Json.obj(p, "price_monthly"), "net"))
                .flatMap(Optional::stream)
                .findFirst().orElse(Double.MAX_VALUE);
    }
}
