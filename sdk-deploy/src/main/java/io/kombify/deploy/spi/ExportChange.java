package io.kombify.deploy.spi;

import io.kombify.deploy.Action;
import io.kombify.deploy.ResourceId;
import java.util.Objects;

/**
 * One change the format's tool planned (or found made outside it), in kombify's vocabulary.
 *
 * @param address  the tool's own address of the resource, such as {@code hcloud_server.edge-vps}
 * @param resource the kombify resource it stands for; a resource the export added as a helper
 *                 (such as an image to pull) has an address of the tool's type, such as
 *                 {@code docker_image.traefik}
 * @param action   what happens to it
 * @param reason   why, in the tool's words (such as {@code cannot_update}); empty when it gives none
 */
public record ExportChange(String address, ResourceId resource, Action action, String reason) {

    public ExportChange {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(action, "action");
        reason = reason == null ? "" : reason;
    }
}
