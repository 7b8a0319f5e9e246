package io.kombify.plugin.hetzner;

import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.Provider;
import io.kombify.deploy.spi.ProviderDescriptor;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.RateLimit;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.UpdateRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code hetzner} provider: servers, SSH keys, private networks and their subnets, firewalls,
 * volumes ({@code hcloud_volume}) and primary IPs ({@code primary_ip}) in a Hetzner Cloud project,
 * through the Hetzner Cloud API. Made by {@link HetznerProviderFactory} from the provider settings;
 * see the handlers ({@code Servers}, {@code SshKeys}, {@code Networks}, {@code Subnets},
 * {@code Firewalls}, {@code Volumes}, {@code PrimaryIps}) for what each type's attributes mean.
 *
 * <p>Everything it creates carries the call's ownership labels ({@code kombify.io/stack},
 * {@code kombify.io/resource}, {@code kombify.io/idempotency-key}, values mapped to Hetzner's label
 * syntax by {@link Labels}), which is how a create with a key seen before finds what it made, how
 * {@link #lookup} works, and how resources find those they refer to. Mutating calls wait for the
 * API's actions to finish; an action that fails is a {@code HETZNER_ACTION_FAILED} error carrying
 * the API's message and code, and a create whose action failed removes what it made.
 *
 * <p>Thread-safe: one {@code OkHttpClient} per instance, shared by all calls and released by
 * {@link #close()}. The API token is used only in request headers and never appears in a message,
 * a returned state or {@link #toString()}.
 */
public final class HetznerProvider implements Provider {

    /** The provider name resources refer to. */
    public static final String NAME = "hetzner";
    /** The provider's version, the plugin's {@code Plugin-Version}. */
    public static final String VERSION = "0.1.0";
    /** Block storage: a Hetzner Cloud volume. */
    public static final ResourceType HCLOUD_VOLUME = new ResourceType("hcloud_volume");
    /** A Hetzner Cloud primary IP, an address a server can keep across replacements. */
    public static final ResourceType PRIMARY_IP = new ResourceType("primary_ip");

    private final HetznerClient api;
    private final Map<ResourceType, TypeHandler> handlers = new LinkedHashMap<>();
    private final ProviderDescriptor descriptor;

    /**
     * A provider for the project the token belongs to.
     *
     * @param settings where the API is and how to pace calls
     * @param token    the API token's characters (copied; the caller may clear its array)
     * @throws IllegalArgumentException when the token is empty or not printable ASCII (the message does not show it)
     */
    public HetznerProvider(HetznerSettings settings, char[] token) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(token, "token");
        this.api = new HetznerClient(settings, ApiToken.of(token), VERSION);
        References refs = new References(api);
        Subnets subnets = new Subnets(api, refs, settings.location());
        List<TypeHandler> all = List.of(new SshKeys(api, refs), new Networks(api, refs, subnets), subnets,
                new Servers(api, refs, new ServerTypes(api)), new Firewalls(api, refs), new Volumes(api, refs),
                new PrimaryIps(api, refs));
        all.forEach(h -> handlers.put(h.type(), h));
        this.descriptor = ProviderDescriptor.of(NAME, VERSION, all.stream().map(TypeHandler::support).toList(),
                Optional.of(new RateLimit(settings.maxConcurrentCalls(), settings.callsPerSecond())));
    }

    @Override
    public ProviderDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Optional<ResourceState> read(ReadRequest request) {
        return handler(request.id()).read(request);
    }

    @Override
    public ResourceState create(CreateRequest request) {
        return handler(request.id()).create(request);
    }

    @Override
    public ResourceState update(UpdateRequest request) {
        return handler(request.id()).update(request);
    }

    @Override
    public void delete(DeleteRequest request) {
        handler(request.id()).delete(request);
    }

    @Override
    public Optional<ResourceState> lookup(LookupRequest request) {
        return handler(request.id()).lookup(request);
    }

    /**
     * The provider ids of everything the stack has at Hetzner (every type), found by its
     * {@code kombify.io/stack} label: what a clean-up or a leak check would look at.
     */
    public List<String> inventory(String stack) {
        List<String> ids = new ArrayList<>();
        handlers.values().forEach(h -> h.inventory(stack).forEach(id -> ids.add(h.type() + ":" + id)));
        return ids;
    }

    /** Releases the HTTP connections. */
    @Override
    public void close() {
        api.close();
    }

    @Override
    public String toString() {
        return "HetznerProvider(" + api.settings().endpoint() + ")";
    }

    private TypeHandler handler(ResourceId id) {
        TypeHandler h = handlers.get(id.type());
        if (h == null) {
            throw new ProviderException(ErrorKind.INVALID, "the hetzner provider does not handle " + id.type()
                    + " resources (" + id + "); it handles " + handlers.keySet());
        }
        return h;
    }
}
