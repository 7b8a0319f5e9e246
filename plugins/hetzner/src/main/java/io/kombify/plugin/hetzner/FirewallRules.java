package io.kombify.plugin.hetzner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The rules of a kombify firewall as Hetzner Cloud firewall rules, and back.
 *
 * <p>Each spec rule (a {@code port}, a {@code protocol} of {@code tcp}, {@code udp} or
 * {@code both}, a {@code source} and a {@code comment}) becomes one inbound rule per protocol
 * whose {@code source_ips} are: for {@code any}, {@code 0.0.0.0/0} and {@code ::/0}; for
 * {@code lan}, the private ranges of RFC 1918 ({@code 10.0.0.0/8}, {@code 172.16.0.0/12},
 * {@code 192.168.0.0/16}); for {@code vpn}, the range mesh VPNs such as Headscale and Tailscale use
 * ({@code 100.64.0.0/10}); otherwise the CIDR itself (a bare address as a /32 or /128). The comment
 * becomes the rule's description. A Hetzner firewall filters only a server's public interface and
 * drops inbound traffic no rule allows, which is {@code defaultInbound: deny}; for
 * {@code allow} three more rules allow all TCP, UDP and ICMP from anywhere. Outbound traffic is
 * allowed while a firewall has no outbound rule, which is {@code defaultOutbound: allow};
 * {@code deny} cannot be expressed without outbound rules, so it is refused. The ports that
 * containers publish ({@code publishedPorts}) are not opened: a published port is reachable only
 * where a rule opens it.
 */
final class FirewallRules {

    static final List<String> ANY = List.of("0.0.0.0/0", "::/0");
    static final List<String> LAN = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
    static final List<String> VPN = List.of("100.64.0.0/10");
    /** Hetzner's limit of rules per firewall. */
    static final int MAX_RULES = 50;
    private static final String ALLOW_ALL = "defaultInbound allow";

    private FirewallRules() {
    }

    /**
     * The Hetzner rules of a firewall's attributes.
     *
     * @throws io.kombify.deploy.spi.ProviderException {@code INVALID} naming the rule that cannot be expressed
     */
    static List<Map<String, Object>> toHetzner(Attrs attrs) {
        String outbound = attrs.string("defaultOutbound").orElse("allow").toLowerCase(Locale.ROOT);
        if (!outbound.equals("allow")) {
            throw attrs.invalid("defaultOutbound", "is " + outbound + ", but a Hetzner Cloud firewall allows all "
                    + "outbound traffic unless it has outbound rules, and kombify's rules are inbound only; "
                    + "set security.firewall.defaultOutbound to allow");
        }
        String inbound = attrs.string("defaultInbound").orElse("deny").toLowerCase(Locale.ROOT);
        if (!inbound.equals("allow") && !inbound.equals("deny")) {
            throw attrs.invalid("defaultInbound", "must be allow or deny, not " + inbound);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        List<?> rules = attrs.list("rules");
        for (int i = 0; i < rules.size(); i++) {
            if (!(rules.get(i) instanceof Map<?, ?> rule)) {
                throw attrs.invalid("rules[" + i + "]", "must be a map with port, protocol and source");
            }
            String where = "rules[" + i + "]";
            String protocol = text(rule.get("protocol"), "tcp").toLowerCase(Locale.ROOT);
            List<String> protocols = switch (protocol) {
                case "both" -> List.of("tcp", "udp");
                case "tcp", "udp", "icmp", "esp", "gre" -> List.of(protocol);
                default -> throw attrs.invalid(where + ".protocol", "must be tcp, udp or both, not " + protocol);
            };
            String port = port(attrs, where, rule.get("port"));
            List<String> sources = sources(attrs, where, text(rule.get("source"), "any"));
            Object comment = rule.get("comment");
            for (String p : protocols) {
                boolean ported = p.equals("tcp") || p.equals("udp");
                if (ported && port == null) {
                    throw attrs.invalid(where + ".port", "is required for " + p);
                }
                out.add(Json.object("direction", "in", "protocol", p, "port", ported ? port : null,
                        "source_ips", sources, "description", comment == null ? null : truncate(String.valueOf(comment))));
            }
        }
        if (inbound.equals("allow")) {
            out.add(Json.object("direction", "in", "protocol", "tcp", "port", "1-65535", "source_ips", ANY, "description", ALLOW_ALL));
            out.add(Json.object("direction", "in", "protocol", "udp", "port", "1-65535", "source_ips", ANY, "description", ALLOW_ALL));
            out.add(Json.object("direction", "in", "protocol", "icmp", "source_ips", ANY, "description", ALLOW_ALL));
        }
        if (out.size() > MAX_RULES) {
            throw attrs.invalid("rules", "make " + out.size() + " Hetzner firewall rules, more than the " + MAX_RULES
                    + " a Hetzner Cloud firewall may have; join ports into ranges or use fewer rules");
        }
        return out;
    }

    /** Whether two lists hold the same rules, in any order, with ranges compared by the network they denote. */
    static boolean same(Collection<Map<String, Object>> a, Collection<Map<String, Object>> b) {
        return a.size() == b.size() && canonical(a).equals(canonical(b));
    }

    /** Hetzner rules as kombify rules, for showing what a firewall holds when it differs from the record. */
    static List<Object> fromHetzner(List<Map<String, Object>> rules) {
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> r : rules) {
            String direction = Json.str(r, "direction").orElse("in");
            List<String> ips = direction.equals("out") ? Json.strings(r, "destination_ips") : Json.strings(r, "source_ips");
            Map<String, Object> rule = new LinkedHashMap<>();
            Json.str(r, "port").ifPresent(p -> rule.put("port", p.matches("\\d+") ? (Object) Long.parseLong(p) : p));
            rule.put("protocol", Json.str(r, "protocol").orElse("tcp"));
            rule.put(direction.equals("out") ? "destination" : "source", sourceName(ips));
            Json.str(r, "description").ifPresent(d -> rule.put("comment", d));
            if (direction.equals("out")) {
                rule.put("direction", "out");
            }
            out.add(rule);
        }
        return out;
    }

    private static String sourceName(List<String> ips) {
        TreeSet<String> set = new TreeSet<>();
        ips.forEach(ip -> set.add(Cidrs.canonical(ip)));
        if (set.equals(new TreeSet<>(canonicalAll(ANY)))) {
            return "any";
        }
        if (set.equals(new TreeSet<>(canonicalAll(LAN)))) {
            return "lan";
        }
        if (set.equals(new TreeSet<>(canonicalAll(VPN)))) {
            return "vpn";
        }
        return String.join(",", set);
    }

    private static List<String> canonicalAll(List<String> ranges) {
        return ranges.stream().map(Cidrs::canonical).toList();
    }

    private static List<String> canonical(Collection<Map<String, Object>> rules) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : rules) {
            String direction = Json.str(r, "direction").orElse("in");
            List<String> ips = new ArrayList<>(canonicalAll(direction.equals("out")
                    ? Json.strings(r, "destination_ips") : Json.strings(r, "source_ips")));
            ips.sort(null);
            out.add(direction + "|" + Json.str(r, "protocol").orElse("") + "|" + Json.str(r, "port").orElse("")
                    + "|" + ips + "|" + Json.str(r, "description").orElse(""));
        }
        out.sort(null);
        return out;
    }

    private static String port(Attrs attrs, String where, Object value) {
        if (value == null) {
            return null;
        }
        String text = value instanceof Number n ? String.valueOf(n.longValue()) : String.valueOf(value).trim();
        if (!text.matches("\\d{1,5}(-\\d{1,5})?")) {
            throw attrs.invalid(where + ".port", "must be a port or a range such as 8000-8100, not " + text);
        }
        for (String part : text.split("-")) {
            int p = Integer.parseInt(part);
            if (p < 1 || p > 65535) {
                throw attrs.invalid(where + ".port", "must be from 1 to 65535, not " + text);
            }
        }
        return text;
    }

    private static List<String> sources(Attrs attrs, String where, String source) {
        switch (source.toLowerCase(Locale.ROOT)) {
            case "any":
                return ANY;
            case "lan":
                return LAN;
            case "vpn":
                return VPN;
            default:
                List<String> out = new ArrayList<>();
                for (String part : source.split(",")) {
                    Cidrs.Cidr cidr = Cidrs.parse(part.trim()).orElseThrow(() -> attrs.invalid(where + ".source",
                            "must be any, lan, vpn or a CIDR such as 203.0.113.0/24, not " + source));
                    out.add(part.trim().contains("/") ? part.trim() : part.trim() + "/" + cidr.prefix());
                }
                return out;
        }
    }

    private static String text(Object value, String fallback) {
        return value == null || String.valueOf(value).isBlank() ? fallback : String.valueOf(value).trim();
    }

    private static String truncate(String description) {
        return description.length() <= 255 ? description : description.substring(0, 255);
    }
}
