package io.kombify.sim.cloud.hetzner;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The read-only catalogue every project sees: locations, datacenters, server types and system
 * images, a few realistic entries with the IDs and names the real API uses.
 */
final class Catalog {
    static final List<Location> LOCATIONS = List.of(
            new Location(1, "fsn1", "Falkenstein DC Park 1", "DE", "Falkenstein", 50.47612, 12.370071, "eu-central"),
            new Location(2, "nbg1", "Nuremberg DC Park 1", "DE", "Nuremberg", 49.452102, 11.076665, "eu-central"),
            new Location(3, "hel1", "Helsinki DC Park 1", "FI", "Helsinki", 60.169855, 24.938379, "eu-central"),
            new Location(4, "ash", "Ashburn, VA", "US", "Ashburn, VA", 39.045821, -77.487073, "us-east"));

    static final List<ServerType> SERVER_TYPES = List.of(
            new ServerType(22, "cpx11", "CPX11", 2, 2, 40, "shared", "x86", "regular_purpose", List.of("fsn1", "nbg1", "hel1", "ash"), "4.3500"),
            new ServerType(23, "cpx21", "CPX21", 3, 4, 80, "shared", "x86", "regular_purpose", List.of("fsn1", "nbg1", "hel1", "ash"), "7.5500"),
            new ServerType(45, "cax11", "CAX11", 2, 4, 40, "shared", "arm", "cost_optimized", List.of("fsn1", "nbg1", "hel1"), "3.7900"),
            new ServerType(104, "cx22", "CX22", 2, 4, 40, "shared", "x86", "cost_optimized", List.of("fsn1", "nbg1", "hel1"), "3.7900"),
            new ServerType(105, "cx32", "CX32", 4, 8, 80, "shared", "x86", "cost_optimized", List.of("fsn1", "nbg1", "hel1"), "6.8000"));

    static final List<Datacenter> DATACENTERS = List.of(
            new Datacenter(2, "nbg1-dc3", "Nuremberg 1 virtual DC 3", location("nbg1")),
            new Datacenter(3, "hel1-dc2", "Helsinki 1 virtual DC 2", location("hel1")),
            new Datacenter(4, "fsn1-dc14", "Falkenstein 1 virtual DC 14", location("fsn1")),
            new Datacenter(5, "ash-dc1", "Ashburn virtual DC 1", location("ash")));

    static final List<Image> IMAGES = List.of(
            new Image(67794396, "ubuntu-22.04", "Ubuntu 22.04", "ubuntu", "22.04", "x86", Instant.parse("2022-04-21T13:32:38Z")),
            new Image(103908070, "ubuntu-22.04", "Ubuntu 22.04", "ubuntu", "22.04", "arm", Instant.parse("2023-03-20T10:12:30Z")),
            new Image(114690387, "debian-12", "Debian 12", "debian", "12", "x86", Instant.parse("2023-06-13T06:00:02Z")),
            new Image(114690389, "debian-12", "Debian 12", "debian", "12", "arm", Instant.parse("2023-06-13T06:00:03Z")),
            new Image(161547269, "ubuntu-24.04", "Ubuntu 24.04", "ubuntu", "24.04", "x86", Instant.parse("2024-04-25T15:26:27Z")),
            new Image(161547270, "ubuntu-24.04", "Ubuntu 24.04", "ubuntu", "24.04", "arm", Instant.parse("2024-04-25T15:26:28Z")));

    /** Datacenters are recommended in this order when a client asks for one. */
    static final long RECOMMENDED_DATACENTER = 4;
    /** The location of servers and resources created without one. */
    static final String DEFAULT_LOCATION = "fsn1";

    private Catalog() {
    }

    static Location location(String name) {
        return LOCATIONS.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    /** A location by ID or name. */
    static Optional<Location> findLocation(String idOrName) {
        return find(LOCATIONS, idOrName, Location::id, Location::name);
    }

    static Optional<Datacenter> findDatacenter(String idOrName) {
        return find(DATACENTERS, idOrName, Datacenter::id, Datacenter::name);
    }

    static Optional<ServerType> findServerType(String idOrName) {
        return find(SERVER_TYPES, idOrName, ServerType::id, ServerType::name);
    }

    /**
     * The datacenter a create request names through its {@code location} or {@code datacenter}
     * field: null when it names neither, or when it names both or an unknown one, which is then a
     * problem of that field in the body.
     */
    static Datacenter placement(Body b, String locationRef, String datacenterRef) {
        if (locationRef != null && datacenterRef != null) {
            b.fail("location", "give location or datacenter, not both");
            return null;
        }
        if (locationRef != null) {
            Datacenter datacenter = findLocation(locationRef).map(Catalog::datacenterOf).orElse(null);
            if (datacenter == null) {
                b.fail("location", "location '" + locationRef + "' not found");
            }
            return datacenter;
        }
        if (datacenterRef != null) {
            Datacenter datacenter = findDatacenter(datacenterRef).orElse(null);
            if (datacenter == null) {
                b.fail("datacenter", "datacenter '" + datacenterRef + "' not found");
            }
            return datacenter;
        }
        return null;
    }

    static Datacenter datacenterOf(Location location) {
        return DATACENTERS.stream().filter(d -> d.location().equals(location)).findFirst().orElseThrow();
    }

    private static <T> Optional<T> find(List<T> list, String idOrName, Function<T, Long> id, Function<T, String> name) {
        if (idOrName == null) {
            return Optional.empty();
        }
        return list.stream().filter(t -> idOrName.equals(String.valueOf(id.apply(t))) || idOrName.equals(name.apply(t))).findFirst();
    }

    /** A location of the catalogue. */
    record Location(long id, String name, String description, String country, String city, double latitude,
                    double longitude, String networkZone) {
        ObjectNode json() {
            ObjectNode n = Json.object();
            n.put("id", id);
            n.put("name", name);
            n.put("description", description);
            n.put("country", country);
            n.put("city", city);
            n.put("latitude", latitude);
            n.put("longitude", longitude);
            n.put("network_zone", networkZone);
            return n;
        }
    }

    /** A (virtual) datacenter of a location. */
    record Datacenter(long id, String name, String description, Location location) {
        ObjectNode json() {
            ObjectNode n = Json.object();
            n.put("id", id);
            n.put("name", name);
            n.put("description", description);
            n.set("location", location.json());
            ObjectNode types = n.putObject("server_types");
            ArrayNode supported = types.putArray("supported");
            ArrayNode available = types.putArray("available");
            ArrayNode migration = types.putArray("available_for_migration");
            for (ServerType t : SERVER_TYPES) {
                if (t.locations().contains(location.name())) {
                    supported.add(t.id());
                    available.add(t.id());
                    migration.add(t.id());
                }
            }
            return n;
        }
    }

    /** A server type; the monthly net price is the same in every location it is offered in. */
    record ServerType(long id, String name, String description, int cores, int memory, int disk, String cpuType,
                      String architecture, String category, List<String> locations, String monthlyNet) {
        static final long EU_TRAFFIC = 21990232555520L;
        static final long US_TRAFFIC = 1099511627776L;

        long includedTraffic(String location) {
            return location.equals("ash") ? US_TRAFFIC : EU_TRAFFIC;
        }

        boolean availableIn(Location location) {
            return locations.contains(location.name());
        }

        ObjectNode json() {
            ObjectNode n = Json.object();
            n.put("id", id);
            n.put("name", name);
            n.put("description", description);
            n.put("category", category);
            n.put("cores", cores);
            n.put("memory", memory);
            n.put("disk", disk);
            n.put("deprecated", false);
            n.putNull("deprecation");
            ArrayNode prices = n.putArray("prices");
            BigDecimal monthly = new BigDecimal(monthlyNet);
            BigDecimal hourly = monthly.divide(BigDecimal.valueOf(730), 4, RoundingMode.HALF_UP);
            for (String l : locations) {
                ObjectNode p = prices.addObject();
                p.put("location", l);
                p.set("price_hourly", price(hourly));
                p.set("price_monthly", price(monthly));
                p.put("included_traffic", includedTraffic(l));
                p.set("price_per_tb_traffic", price(new BigDecimal("1.0000")));
            }
            n.put("storage_type", "local");
            n.put("cpu_type", cpuType);
            n.put("architecture", architecture);
            ArrayNode locs = n.putArray("locations");
            for (String l : locations) {
                ObjectNode o = locs.addObject();
                o.put("id", location(l).id());
                o.put("name", l);
                o.putNull("deprecation");
            }
            return n;
        }

        private static ObjectNode price(BigDecimal net) {
            ObjectNode p = Json.object();
            p.put("net", net.setScale(10, RoundingMode.HALF_UP).toPlainString());
            p.put("gross", net.multiply(new BigDecimal("1.19")).setScale(16, RoundingMode.HALF_UP).toPlainString());
            return p;
        }
    }

    /** A system image. */
    record Image(long id, String name, String description, String osFlavor, String osVersion, String architecture,
                 Instant created) implements Resource {
        @Override
        public Map<String, String> labels() {
            return Map.of();
        }

        @Override
        public ObjectNode json() {
            ObjectNode n = Json.object();
            n.put("id", id);
            n.put("type", "system");
            n.put("status", "available");
            n.put("name", name);
            n.put("description", description);
            n.putNull("image_size");
            n.put("disk_size", 5);
            Json.putTime(n, "created", created);
            n.putNull("created_from");
            n.putNull("bound_to");
            n.put("os_flavor", osFlavor);
            n.put("os_version", osVersion);
            n.put("rapid_deploy", true);
            n.putObject("protection").put("delete", false);
            n.putNull("deprecated");
            n.putNull("deleted");
            n.putObject("labels");
            n.put("architecture", architecture);
            return n;
        }
    }
}
