package io.kombify.plugin.docker;

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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code docker} provider: the containers, container networks and volumes of a stack, on the
 * Docker Engine of each node ({@link DockerSettings} says which engine a node uses). Everything
 * it creates carries the ownership labels ({@code kombify.io/stack}, {@code kombify.io/resource},
 * {@code kombify.io/idempotency-key}), so {@code docker ps --filter label=kombify.io/stack=lab}
 * lists a stack's containers, and a create retried with the same key finds what the first try
 * made.
 *
 * <p>Images are never pulled unless the container's {@code pullPolicy} (its service's
 * {@code config.pullPolicy}) or, without one, the setting {@code docker.pullPolicy} says so; a
 * missing image fails the create with {@code DOCKER_IMAGE_MISSING}. Secret environment variables are resolved only to
 * create the container and never returned. Reverse-proxy routes ({@code proxy_route}) are not
 * handled: a plan with one fails with {@code PROVIDER_TYPE_UNSUPPORTED} before anything changes.
 *
 * <p>Instances are thread-safe; they keep one Docker client per endpoint, closed by {@link #close()}.
 */
public final class DockerProvider implements Provider {

    /** The provider name resources refer to. */
    public static final String NAME = "docker";
    /** The provider's version, the plugin's {@code Plugin-Version} (written into a resource by the build). */
    public static final String VERSION = version();

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.of(NAME, VERSION, List.of(
            new ResourceTypeSupport(ResourceType.CONTAINER, ContainerSpec.UPDATABLE, false),
            new ResourceTypeSupport(ResourceType.CONTAINER_NETWORK, Set.of(), false),
            new ResourceTypeSupport(ResourceType.VOLUME, Volumes.UPDATABLE, false)), Optional.empty());

    private final Engines engines;
    private final Containers containers;
    private final Networks networks;
    private final Volumes volumes;

    /** A provider reaching the engines the settings name. */
    public DockerProvider(DockerSettings settings) {
        this(settings, Engines.standard(settings));
    }

    /** A provider whose clients {@code opener} makes (tests wrap the transport to inject failures). */
    DockerProvider(DockerSettings settings, Engines.Opener opener) {
        Objects.requireNonNull(settings, "settings");
        this.engines = new Engines(opener);
        Nodes nodes = new Nodes(settings, engines);
        this.containers = new Containers(nodes);
        this.networks = new Networks(nodes);
        this.volumes = new Volumes(nodes);
    }

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Optional<ResourceState> read(ReadRequest request) {
        return switch (kind(request.id())) {
            case CONTAINER -> containers.read(request);
            case NETWORK -> networks.read(request);
            case VOLUME -> volumes.read(request);
        };
    }

    @Override
    public ResourceState create(CreateRequest request) {
        return switch (kind(request.id())) {
            case CONTAINER -> containers.create(request);
            case NETWORK -> networks.create(request);
            case VOLUME -> volumes.create(request);
        };
    }

    @Override
    public ResourceState update(UpdateRequest request) {
        return switch (kind(request.id())) {
            case CONTAINER -> containers.update(request);
            case VOLUME -> volumes.update(request);
            case NETWORK -> throw new ProviderException(ErrorKind.INVALID, "DOCKER_UPDATE_UNSUPPORTED", "Docker cannot change "
                    + request.changed() + " of " + request.id() + " in place; the network must be replaced", null, null);
        };
    }

    @Override
    public void delete(DeleteRequest request) {
        switch (kind(request.id())) {
            case CONTAINER -> containers.delete(request);
            case NETWORK -> networks.delete(request);
            case VOLUME -> volumes.delete(request);
            default -> throw new IllegalStateException();
        }
    }

    @Override
    public Optional<ResourceState> lookup(LookupRequest request) {
        return switch (kind(request.id())) {
            case CONTAINER -> containers.lookup(request);
            case NETWORK -> networks.lookup(request);
            case VOLUME -> volumes.lookup(request);
        };
    }

    /** Closes the clients; later calls fail. */
    @Override
    public void close() {
        engines.close();
    }

    @Override
    public String toString() {
        return "DockerProvider";
    }

    private enum Kind { CONTAINER, NETWORK, VOLUME }

    private static Kind kind(ResourceId id) {
        ResourceType type = id.type();
        if (type.equals(ResourceType.CONTAINER)) {
            return Kind.CONTAINER;
        }
        if (type.equals(ResourceType.CONTAINER_NETWORK)) {
            return Kind.NETWORK;
        }
        if (type.equals(ResourceType.VOLUME)) {
            return Kind.VOLUME;
        }
        throw new ProviderException(ErrorKind.INVALID, "PROVIDER_TYPE_UNSUPPORTED", id + " is of type " + type
                + ", which the docker provider does not handle (it handles container, container_network and volume)", null, null);
    }

    private static String version() {
        Properties p = new Properties();
        try (InputStream in = DockerProvider.class.getResourceAsStream("plugin-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("the plugin's jar lacks io/kombify/plugin/docker/plugin-version.properties");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plugin's version", e);
        }
        String v = p.getProperty("version", "");
        if (v.isBlank() || v.contains("${")) {
            throw new IllegalStateException("the plugin's version was not filled in by the build: '" + v + "'");
        }
        return v.strip();
    }
}
