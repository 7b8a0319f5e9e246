package io.kombify.plugin.hetzner;

import io.kombify.core.KombifyException;
import io.kombify.core.Secret;
import io.kombify.deploy.spi.ProviderConfig;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.sim.cloud.hetzner.FakeRequest;
import io.kombify.sim.cloud.hetzner.FakeResource;
import io.kombify.sim.cloud.hetzner.HetznerCloudFake;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link HetznerCloudFake} and providers made for it the way the plugin host makes them: through
 * {@link HetznerProviderFactory} with the token as a {@code secret://} reference. Polls every 5 ms
 * and sets no call pace, so tests stay fast; everything else is the provider's default.
 * {@link #close()} checks every request the fake received against the official API document
 * ({@link ApiDocument}) and fails when one does not match it, so every test that uses a fake
 * checks the requests it caused.
 */
final class FakeCloud implements AutoCloseable {

    /** The token the fake accepts: a canary that must never show up in anything the provider says. */
    static final String TOKEN = "CANARY-hcloud-token-7f3e9a1c52d84b06";
    /** The secret that holds the token. */
    static final String TOKEN_REF = "secret://hcloud-token";

    final HetznerCloudFake fake;

    /** A fake whose rate limit (a million requests an hour) no test reaches unless it means to. */
    FakeCloud(int actionPolls) {
        this(actionPolls, 1_000_000);
    }

    FakeCloud(int actionPolls, int requestsPerHour) {
        this.fake = HetznerCloudFake.builder().token(TOKEN).actionPolls(actionPolls).rateLimit(requestsPerHour).start();
    }

    /** Resolves the token's reference, and nothing else. */
    static SecretResolver secrets() {
        return ref -> {
            if (ref.toString().equals(TOKEN_REF)) {
                return Secret.of(ref, TOKEN);
            }
            throw new KombifyException("SECRET_UNRESOLVED", "no value for " + ref);
        };
    }

    /** The provider settings for the fake, with these settings added or replaced. */
    Map<String, String> settings(String... more) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(HetznerSettings.ENDPOINT, fake.endpoint().toString());
        s.put(HetznerSettings.TOKEN, TOKEN_REF);
        s.put(HetznerSettings.POLL_INTERVAL, "5ms");
        s.put(HetznerSettings.CALLS_PER_SECOND, "0");
        for (int i = 0; i + 1 < more.length; i += 2) {
            s.put(more[i], more[i + 1]);
        }
        return s;
    }

    ProviderConfig config(String... more) {
        return new ProviderConfig(settings(more), Map.of(), secrets(), Optional.empty());
    }

    HetznerProvider provider(String... more) {
        return (HetznerProvider) new HetznerProviderFactory().create(config(more));
    }

    /**
     * The provider ids of what the fake holds for the stack, found by the stack label: objects of
     * every collection, and the subnets of the stack's networks ({@code NETWORK_ID:RANGE}).
     */
    List<String> inventory(String stack) {
        List<String> ids = new ArrayList<>();
        for (String collection : List.of("servers", "ssh_keys", "networks", "firewalls", "volumes", "primary_ips")) {
            for (FakeResource r : fake.resources(collection)) {
                if (stack.equals(r.labels().get(ProviderContext.LABEL_STACK))) {
                    ids.add(String.valueOf(r.id()));
                    if (collection.equals("networks")) {
                        Map<String, Object> network = Json.asObject(Json.parse(r.json().getBytes(StandardCharsets.UTF_8)));
                        for (Map<String, Object> subnet : Json.objects(network, "subnets")) {
                            ids.add(r.id() + ":" + Json.str(subnet, "ip_range").orElse(""));
                        }
                    }
                }
            }
        }
        return ids;
    }

    /** The problems of the requests received so far, as the API document sees them. */
    List<String> requestProblems() {
        List<String> problems = new ArrayList<>();
        for (FakeRequest r : fake.requests()) {
            ApiDocument.hcloud().check(r).problems().forEach(p -> problems.add(r + ": " + p));
        }
        return problems;
    }

    /**
     * Stops the fake.
     *
     * @throws AssertionError when a request it received does not match the API document
     */
    @Override
    public void close() {
        List<String> problems = requestProblems();
        fake.close();
        if (!problems.isEmpty()) {
            throw new AssertionError("requests that do not match the Hetzner Cloud API document:\n  "
                    + String.join("\n  ", problems));
        }
    }
}
