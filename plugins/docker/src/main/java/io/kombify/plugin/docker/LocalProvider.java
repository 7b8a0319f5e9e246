package io.kombify.plugin.docker;

import com.github.dockerjava.api.model.Info;
import io.kombify.core.ByteSize;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderDescriptor;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.spi.UpdateRequest;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code local} provider: the {@code host} resources of nodes with {@code provider: local},
 * machines that already exist and that kombify reaches through their Docker Engine (the same
 * endpoint settings as the {@code docker} provider). Creating one adopts the machine: it checks
 * that the node's engine answers and records the engine's id and version as outputs. Reading
 * checks the engine again; a node whose engine now has another id (Docker was reinstalled, or
 * the endpoint points at another machine) reads as gone, so the next plan adopts it afresh.
 * Deleting forgets the machine (it reads as gone until it is adopted again) and never touches it. The attributes (role, SSH address) describe
 * the machine as the spec does and change in place, since nothing on the machine changes with
 * them.
 *
 * <p>The provider identifier is {@code NODE@ENGINE-ID}. Thread-safe.
 */
public final class LocalProvider implements Provider {

    /** The provider name resources refer to. */
    public static final String NAME = "local";
    /** The provider's version, the plugin's {@code Plugin-Version}. */
    public static final String VERSION = DockerProvider.VERSION;

    /** The attributes a host may have: those of the resource graph. */
    static final Set<String> KNOWN = Set.of("role", "host", "port", "user", "keyPath");

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.of(NAME, VERSION,
            List.of(new ResourceTypeSupport(ResourceType.HOST, KNOWN, false)), Optional.empty());

    private final Engines engines;
    private final Nodes nodes;
    private final AdoptedHosts adopted;

    /**
     * A provider reaching the engines the settings name.
     *
     * @param workDir where to keep the record of adoptions (the state directory), if anywhere
     */
    public LocalProvider(DockerSettings settings, Optional<Path> workDir) {
        this(settings, Engines.standard(settings), workDir);
    }

    LocalProvider(DockerSettings settings, Engines.Opener opener, Optional<Path> workDir) {
        Objects.requireNonNull(settings, "settings");
        this.engines = new Engines(opener);
        this.nodes = new Nodes(settings, engines);
        this.adopted = new AdoptedHosts(Objects.requireNonNull(workDir, "workDir"));
    }

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ResourceState create(CreateRequest request) {
        checkType(request.id());
        new Attrs(request.id(), request.attributes()).requireKnown(KNOWN);
        Target t = nodes.target(request.id().name());
        Info info = info(t, "adopt " + request.id());
        String providerId = request.id().name() + "@" + info.getId();
        io(() -> {
            adopted.remember(request.idempotencyKey(), providerId);
            return null;
        });
        return new ResourceState(providerId, request.attributes(), outputs(t, info));
    }

    @Override
    public Optional<ResourceState> read(ReadRequest request) {
        checkType(request.id());
        if (io(() -> adopted.forgotten(request.providerId()))) {
            return Optional.empty();
        }
        Target t = nodes.target(request.id().name());
        Info info = info(t, "check " + request.id());
        if (!request.providerId().equals(request.id().name() + "@" + info.getId())) {
            return Optional.empty();
        }
        return Optional.of(new ResourceState(request.providerId(), request.recorded(), outputs(t, info)));
    }

    @Override
    public ResourceState update(UpdateRequest request) {
        checkType(request.id());
        new Attrs(request.id(), request.desired()).requireKnown(KNOWN);
        Target t = nodes.target(request.id().name());
        Info info = info(t, "check " + request.id());
        return new ResourceState(request.providerId(), request.desired(), outputs(t, info));
    }

    /** Forgets the machine; nothing on it is touched. */
    @Override
    public void delete(DeleteRequest request) {
        checkType(request.id());
        io(() -> {
            adopted.forget(request.providerId());
            return null;
        });
    }

    @Override
    public Optional<ResourceState> lookup(LookupRequest request) {
        checkType(request.id());
        Optional<String> providerId = io(() -> adopted.find(request.idempotencyKey()));
        if (providerId.isEmpty()) {
            return Optional.empty();
        }
        Target t = nodes.target(request.id().name());
        Info info = info(t, "check " + request.id());
        if (!providerId.get().equals(request.id().name() + "@" + info.getId())) {
            return Optional.empty();
        }
        return Optional.of(new ResourceState(providerId.get(), Map.of(), outputs(t, info)));
    }

    @Override
    public void close() {
        engines.close();
    }

    @Override
    public String toString() {
        return "LocalProvider";
    }

    private static Info info(Target t, String what) {
        Info info = t.call(what, () -> {
            t.client().pingCmd().exec();
            return t.client().infoCmd().exec();
        });
        if (info.getId() == null || info.getId().isBlank()) {
            throw new ProviderException(ErrorKind.UNAVAILABLE, "DOCKER_ENGINE_ERROR", "could not " + what + ": the Docker Engine of "
                    + t.where() + " did not say its id", null, null);
        }
        return info;
    }

    private static Map<String, Object> outputs(Target t, Info info) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("endpoint", t.endpoint());
        out.put("engineId", info.getId());
        putIfPresent(out, "engineVersion", info.getServerVersion());
        putIfPresent(out, "hostname", info.getName());
        putIfPresent(out, "os", info.getOperatingSystem());
        putIfPresent(out, "architecture", info.getArchitecture());
        if (info.getNCPU() != null) {
            out.put("cpus", info.getNCPU());
        }
        if (info.getMemTotal() != null && info.getMemTotal() > 0) {
            out.put("memory", new ByteSize(info.getMemTotal()).toString());
        }
        return out;
    }

    private static void putIfPresent(Map<String, Object> out, String key, String value) {
        if (value != null && !value.isBlank()) {
            out.put(key, value);
        }
    }

    private static <T> T io(Supplier<T> action) {
        try {
            return action.get();
        } catch (UncheckedIOException e) {
            throw new ProviderException(ErrorKind.FATAL, "IO_ERROR", e.getMessage() + ": " + e.getCause().getMessage(), null, e);
        }
    }

    private static void checkType(ResourceId id) {
        if (!id.type().equals(ResourceType.HOST)) {
            throw new ProviderException(ErrorKind.INVALID, "PROVIDER_TYPE_UNSUPPORTED", id + " is of type " + id.type()
                    + ", which the local provider does not handle (it handles host)", null, null);
        }
    }
}
