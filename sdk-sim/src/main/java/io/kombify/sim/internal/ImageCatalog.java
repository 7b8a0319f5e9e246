package io.kombify.sim.internal;

import io.kombify.spec.model.ServiceType;

import java.util.Locale;
import java.util.Map;

/**
 * Compressed download sizes of well-known images, rounded from their registries' published
 * sizes for amd64, looked up by repository path (registry host dropped) and then by its last
 * segment. Unknown images get a size by service type. An {@code alpine} or {@code slim}
 * tag is taken as 40% of the image's usual size. These are estimates for pull times, not facts.
 */
final class ImageCatalog {

    private static final long MIB = 1024L * 1024;

    private static final Map<String, Integer> KNOWN_MIB = Map.ofEntries(
            Map.entry("traefik", 50), Map.entry("caddy", 45), Map.entry("nginx", 70), Map.entry("haproxy", 40),
            Map.entry("postgres", 160), Map.entry("mariadb", 120), Map.entry("mysql", 170), Map.entry("mongo", 250),
            Map.entry("redis", 45), Map.entry("valkey", 45), Map.entry("memcached", 30),
            Map.entry("nextcloud", 450), Map.entry("vaultwarden/server", 90), Map.entry("whoami", 4),
            Map.entry("uptime-kuma", 170), Map.entry("headscale", 40), Map.entry("tailscale", 40),
            Map.entry("grafana", 150), Map.entry("prometheus", 110), Map.entry("loki", 35), Map.entry("node-exporter", 12),
            Map.entry("cadvisor", 40), Map.entry("portainer-ce", 90), Map.entry("dokploy", 250), Map.entry("coolify", 300),
            Map.entry("home-assistant", 700), Map.entry("jellyfin", 450), Map.entry("plex-media-server", 350),
            Map.entry("immich-server", 700), Map.entry("authelia", 30), Map.entry("authentik", 300),
            Map.entry("restic", 20), Map.entry("minio", 60), Map.entry("gitea", 60), Map.entry("forgejo", 60),
            Map.entry("mosquitto", 10), Map.entry("zigbee2mqtt", 90), Map.entry("node-red", 200), Map.entry("wg-easy", 50),
            Map.entry("pihole", 40), Map.entry("adguardhome", 25), Map.entry("dozzle", 10), Map.entry("watchtower", 8));

    private ImageCatalog() {
    }

    /** Estimated download size in bytes of {@code image}, for a service of {@code type}. */
    static long sizeBytes(String image, ServiceType type) {
        String ref = image.toLowerCase(Locale.ROOT);
        int at = ref.indexOf('@');
        if (at >= 0) {
            ref = ref.substring(0, at);
        }
        String tag = "";
        int colon = ref.lastIndexOf(':');
        if (colon > ref.lastIndexOf('/')) {
            tag = ref.substring(colon + 1);
            ref = ref.substring(0, colon);
        }
        int slash = ref.indexOf('/');
        if (slash > 0 && (ref.substring(0, slash).contains(".") || ref.substring(0, slash).contains(":"))) {
            ref = ref.substring(slash + 1);
        }
        if (ref.startsWith("library/")) {
            ref = ref.substring("library/".length());
        }
        Integer known = KNOWN_MIB.get(ref);
        if (known == null) {
            known = KNOWN_MIB.get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        long mib = known != null ? known : byType(type);
        if (tag.contains("alpine") || tag.contains("slim")) {
            mib = Math.max(5, mib * 2 / 5);
        }
        return mib * MIB;
    }

    private static int byType(ServiceType type) {
        if (type == null) {
            return 200;
        }
        return switch (type) {
            case REVERSE_PROXY, VPN, AUTH -> 60;
            case DATABASE -> 200;
            case CACHE, QUEUE -> 50;
            case MONITORING, BACKUP -> 120;
            case MEDIA, PAAS -> 500;
            case STORAGE -> 300;
            default -> 200;
        };
    }
}
