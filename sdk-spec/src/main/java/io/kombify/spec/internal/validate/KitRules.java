package io.kombify.spec.internal.validate;

import io.kombify.spec.kit.KitGates;
import io.kombify.spec.kit.KitService;
import io.kombify.spec.kit.StackKit;
import io.kombify.spec.kit.StackKitCatalog;
import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.Node;
import io.kombify.spec.model.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rules about the StackKit: the reference must be a name, not a path; it must name a kit of
 * the catalogue; the spec must pass the selected kit's gates; and every enabled service
 * needs an image, from the kit's catalogue entry of the same name or from
 * {@code config.image}.
 */
public final class KitRules {
    private KitRules() {
    }

    /** Checks the kit of {@code spec}; returns the selected kit, or {@code null} when there is none. */
    public static StackKit check(Kombination spec, StackKitCatalog catalog, Findings findings) {
        String named = spec.kit();
        if (named != null && (named.indexOf('/') >= 0 || named.indexOf('\\') >= 0)) {
            findings.error("SPEC_KIT_INVALID", "/kit",
                    Text.quote(named) + " is not a kit name: a kit is named, not given as a path (no `/` or `\\`)",
                    "name a kit of the catalogue, such as `" + StackKitCatalog.BASE_KIT
                            + "`, or leave `kit` out to select one automatically");
            return null;
        }
        StackKit kit;
        if (named != null && !named.isBlank()) {
            Optional<StackKit> found = catalog.find(named);
            if (found.isEmpty()) {
                findings.add(catalog.unknownKit(named));
                return null;
            }
            kit = found.get();
        } else if (catalog.kits().isEmpty()) {
            return null;
        } else {
            kit = catalog.select(withProvidersOnly(spec));
        }
        for (var d : KitGates.check(spec, kit)) {
            findings.add(d);
        }
        checkImages(spec, kit, findings);
        return kit;
    }

    /**
     * {@code spec} without the nodes that lack a provider. Automatic selection looks only at
     * providers, and a node without one (already reported as missing) must not stop the
     * selection from the nodes that have one.
     */
    private static Kombination withProvidersOnly(Kombination spec) {
        boolean complete = true;
        for (Node node : spec.nodes()) {
            if (node == null || node.provider() == null) {
                complete = false;
                break;
            }
        }
        if (complete) {
            return spec;
        }
        List<Node> nodes = new ArrayList<>(spec.nodes().size());
        for (Node node : spec.nodes()) {
            if (node != null && node.provider() != null) {
                nodes.add(node);
            }
        }
        return new Kombination(spec.name(), spec.version(), spec.kit(), nodes, spec.services(), spec.system(),
                spec.security(), spec.network(), spec.identity(), spec.observability(), spec.intents(), spec.metadata());
    }

    private static void checkImages(Kombination spec, StackKit kit, Findings findings) {
        List<Service> services = spec.services();
        for (int i = 0; i < services.size(); i++) {
            Service s = services.get(i);
            if (s == null || s.name() == null || !s.isEnabled()) {
                continue;
            }
            Object image = s.config().get("image");
            if (image instanceof String text && !text.isBlank()) {
                continue;
            }
            Optional<KitService> entry = kit.service(s.name());
            if (entry.isPresent() && entry.get().image() != null) {
                continue;
            }
            findings.warning("SERVICE_IMAGE_UNKNOWN", "/services/" + i,
                    "service " + Text.quote(s.name()) + " has no known container image: kit `" + kit.name()
                            + (entry.isPresent() ? "` names no image for it" : "` has no service of that name")
                            + ", and `config.image` is not set",
                    "set `config.image` to its container image, such as `config: {image: \"nginx:1.27\"}`; "
                            + "it cannot be deployed without one");
        }
    }
}
