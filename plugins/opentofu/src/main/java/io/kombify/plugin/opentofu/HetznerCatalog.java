package io.kombify.plugin.opentofu;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the export needs to know about Hetzner Cloud: its locations with their network zones (a
 * private network's subnet lives in one zone, and only servers of that zone can join it), and
 * the server types to choose from when a node names none.
 *
 * @see <a href="https://docs.hetzner.com/cloud/general/locations/">Hetzner Cloud locations and network zones</a>
 * @see <a href="https://www.hetzner.com/cloud/">Hetzner Cloud server types</a>
 */
final class HetznerCatalog {

    /** The location used when no node of the stack names one. */
    static final String DEFAULT_LOCATION = "fsn1";
    /** The image used when a node names none. */
    static final String DEFAULT_IMAGE = "ubuntu-24.04";

    /** Location -> network zone. */
    static final Map<String, String> ZONES = Map.of(
            "fsn1", "eu-central", "nbg1", "eu-central", "hel1", "eu-central",
            "ash", "us-east", "hil", "us-west", "sin", "ap-southeast");

    /**
     * A server type: vCPUs, memory and disk as Hetzner lists them. Hetzner's "GB" are binary
     * units (a cx23's 4 GB of memory are 4 GiB to the operating system), so they compare with the
     * spec's {@code Gi}.
     */
    record ServerType(String name, int cores, int memoryGiB, int diskGiB, String arch) {
    }

    /** Shared-vCPU types, smallest first within each architecture: AMD (cpx) and Ampere arm64 (cax). */
    static final List<ServerType> SERVER_TYPES = List.of(
            new ServerType("cpx22", 2, 4, 80, "amd64"),
            new ServerType("cpx32", 4, 8, 160, "amd64"),
            new ServerType("cpx42", 8, 16, 320, "amd64"),
            new ServerType("cpx52", 12, 24, 480, "amd64"),
            new ServerType("cpx62", 16, 32, 640, "amd64"),
            new ServerType("cax11", 2, 4, 40, "arm64"),
            new ServerType("cax21", 4, 8, 80, "arm64"),
            new ServerType("cax31", 8, 16, 160, "arm64"),
            new ServerType("cax41", 16, 32, 320, "arm64"));

    private HetznerCatalog() {
    }

    /** The smallest type of the architecture with at least these resources. */
    static Optional<ServerType> smallestFitting(double cores, long memoryBytes, long diskBytes, String arch) {
        String wanted = "arm64".equals(arch) ? "arm64" : "amd64";
        for (ServerType t : SERVER_TYPES) {
            if (t.arch().equals(wanted) && t.cores() >= cores && ((long) t.memoryGiB() << 30) >= memoryBytes
                    && ((long) t.diskGiB() << 30) >= diskBytes) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
