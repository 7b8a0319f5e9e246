package io.kombify.plugin.docker;

import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.UpdateRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code volume} resources: a local volume named {@code STACK-NAME} on the node's engine. The
 * provider identifier is the volume's name. {@code backup} is kombify's own mark for the backup
 * add-on, not something Docker keeps: it can change in place (only the state changes), and a
 * read reports the recorded value. Any other change replaces the volume, which loses its data,
 * as the plan says.
 */
final class Volumes {

    /** The attributes a volume may have. */
    static final Set<String> KNOWN = Set.of("name", "node", "service", "backup");
    /** The attributes that can change in place. */
    static final Set<String> UPDATABLE = Set.of("backup");


    private final Nodes nodes;

    Volumes(Nodes nodes) {
        this.nodes = nodes;
    }

    /** The Docker name of volume {@code name} of {@code stack}. */
    static String dockerName(String stack, String name) {
        return stack + "-" + name;
    }

    ResourceState create(CreateRequest request) {
        Attrs a = new Attrs(request.id(), request.attributes()).requireKnown(KNOWN);
        String name = a.string("name");
        if (!Attrs.DOCKER_NAME.matcher(name).matches()) {
            throw a.invalid("name", "'" + name + "' is not a volume name (letters, digits, '_', '.' and '-')");
        }
        String node = a.optionalString("node").orElse(null);
        Optional<String> service = a.optionalString("service");
        boolean backup = a.bool("backup", true);
        String stack = request.context().stack();
        String dockerName = dockerName(stack, name);
        Target t = nodes.target(node);
        // Docker answers a create of an existing volume with that volume, so look first.
        Optional<InspectVolumeResponse> existing = inspect(t, dockerName, request.id());
        if (existing.isPresent()) {
            return adopt(t, existing.get(), stack, request.id(), request.attributes());
        }
        Map<String, String> labels = new LinkedHashMap<>(Labels.ownership(request.context(), request.id(), request.idempotencyKey()));
        if (node != null) {
            labels.put(Labels.NODE, node);
        }
        service.ifPresent(s -> labels.put(Labels.SERVICE, s));
        labels.put(Labels.BACKUP, Boolean.toString(backup));
        t.run("create " + request.id(), () -> t.client().createVolumeCmd()
                .withName(dockerName)
                .withDriver("local")
                .withLabels(labels)
                .exec());
        InspectVolumeResponse made = inspect(t, dockerName, request.id()).orElseThrow(() -> new ProviderException(
                ErrorKind.CONFLICT, "DOCKER_VOLUME_VANISHED", request.id() + " was removed on " + t.where()
                + " while kombify created it", null, null));
        Map<String, String> madeLabels = made.getLabels() == null ? Map.of() : made.getLabels();
        if (!request.idempotencyKey().equals(madeLabels.get(ProviderContext.LABEL_IDEMPOTENCY_KEY))) {
            // Another create made the volume between the look-up and this create.
            return adopt(t, made, stack, request.id(), request.attributes());
        }
        return state(t, made, stack, request.attributes());
    }

    /**
     * A volume of the wanted name exists: one this stack made for this resource (by an earlier
     * try of this create, or an apply whose state was lost) is taken over with its data; any
     * other is a conflict, since kombify never takes another's data.
     */
    private static ResourceState adopt(Target t, InspectVolumeResponse v, String stack, ResourceId rid, Map<String, Object> desired) {
        Map<String, String> labels = v.getLabels() == null ? Map.of() : v.getLabels();
        if (stack.equals(labels.get(ProviderContext.LABEL_STACK)) && rid.toString().equals(labels.get(ProviderContext.LABEL_RESOURCE))) {
            return state(t, v, stack, desired);
        }
        String owner = Labels.owner(labels);
        throw new ProviderException(ErrorKind.CONFLICT, "DOCKER_NAME_CONFLICT", "could not create " + rid + " on " + t.where()
                + ": a volume named " + v.getName() + " already exists and " + owner + "; kombify does not take over data it "
                + "did not create (remove the volume with docker volume rm " + v.getName() + " if its data is not needed)", null, null);
    }

    /** The volume; one of that name that this stack did not make for this resource is not it, so the resource is gone. */
    Optional<ResourceState> read(ReadRequest request) {
        Target t = nodes.target(Containers.nodeOf(request.recorded()));
        return inspect(t, request.providerId(), request.id())
                .filter(v -> owned(v, request.context().stack(), request.id()))
                .map(v -> state(t, v, request.context().stack(), request.recorded()));
    }

    private static boolean owned(InspectVolumeResponse v, String stack, ResourceId rid) {
        Map<String, String> labels = v.getLabels() == null ? Map.of() : v.getLabels();
        return stack.equals(labels.get(ProviderContext.LABEL_STACK)) && rid.toString().equals(labels.get(ProviderContext.LABEL_RESOURCE));
    }

    /** Only {@code backup} changes, and only in the state: Docker keeps no such setting. */
    ResourceState update(UpdateRequest request) {
        Attrs a = new Attrs(request.id(), request.desired()).requireKnown(KNOWN);
        a.bool("backup", true);
        Target t = nodes.target(Containers.nodeOf(request.desired()));
        InspectVolumeResponse v = inspect(t, request.providerId(), request.id())
                .filter(found -> owned(found, request.context().stack(), request.id())).orElseThrow(() -> new ProviderException(
                ErrorKind.NOT_FOUND, "DOCKER_VOLUME_GONE", request.id() + " (" + request.providerId() + ") no longer exists on "
                + t.where(), null, null));
        return state(t, v, request.context().stack(), request.desired());
    }

    Optional<ResourceState> lookup(LookupRequest request) {
        return nodes.search(t -> {
            List<InspectVolumeResponse> found = t.call("list the volumes of stack " + request.context().stack(), () -> {
                List<InspectVolumeResponse> volumes = t.client().listVolumesCmd()
                        .withFilter("label", List.of(ProviderContext.LABEL_STACK + "=" + request.context().stack(),
                                ProviderContext.LABEL_IDEMPOTENCY_KEY + "=" + request.idempotencyKey()))
                        .exec().getVolumes();
                return volumes == null ? List.<InspectVolumeResponse>of() : volumes;
            });
            return found.stream().findFirst().map(v -> state(t, v, request.context().stack(), Map.of()));
        });
    }

    /** Removes the volume; one of that name that this stack did not make for this resource is left alone. */
    void delete(DeleteRequest request) {
        Target t = nodes.target(Containers.nodeOf(request.recorded()));
        Optional<InspectVolumeResponse> v = inspect(t, request.providerId(), request.id());
        if (v.isEmpty() || !owned(v.get(), request.context().stack(), request.id())) {
            return;
        }
        t.run("remove " + request.id(), () -> {
            try {
                t.client().removeVolumeCmd(request.providerId()).exec();
            } catch (NotFoundException gone) {
                // already removed
            }
        });
    }

    private static Optional<InspectVolumeResponse> inspect(Target t, String name, ResourceId rid) {
        return t.call("inspect " + rid, () -> {
            try {
                return Optional.of(t.client().inspectVolumeCmd(name).exec());
            } catch (NotFoundException gone) {
                return Optional.empty();
            }
        });
    }

    /** The volume's attributes; {@code backup} as recorded (kombify's mark), else as labelled when it was made. */
    private static ResourceState state(Target t, InspectVolumeResponse v, String stack, Map<String, Object> recorded) {
        Map<String, String> labels = v.getLabels() == null ? Map.of() : v.getLabels();
        String node = labels.get(Labels.NODE);
        String name = v.getName();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", name.startsWith(stack + "-") ? name.substring(stack.length() + 1) : name);
        if (node != null) {
            a.put("node", node);
        }
        if (labels.containsKey(Labels.SERVICE)) {
            a.put("service", labels.get(Labels.SERVICE));
        }
        a.put("backup", recorded.get("backup") instanceof Boolean b ? b : !"false".equals(labels.get(Labels.BACKUP)));
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("volumeName", name);
        outputs.put("endpoint", t.endpoint());
        if (v.getMountpoint() != null) {
            outputs.put("mountpoint", v.getMountpoint());
        }
        return new ResourceState(name, a, outputs);
    }
}
