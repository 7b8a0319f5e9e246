package io.kombify.plugin.hetzner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kombify.core.Secret;
import io.kombify.deploy.ApplyOptions;
import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.DeployEvent;
import io.kombify.deploy.Deployer;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.Providers;
import io.kombify.deploy.Resource;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.RetryPolicy;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderConfig;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.state.InMemoryStateStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The API token is a canary ({@link FakeCloud#TOKEN}): it must not appear in any event, exception
 * (message, cause, stack trace), state or {@code toString} the provider produces, whether the
 * API accepts it, refuses it or cannot be reached.
 */
class TokenSecrecyTest {

    private static final String CANARY = FakeCloud.TOKEN;

    @Test
    void theTokenAppearsInNoEventStateOrDescriptionOfAnApplyThatSucceedsAndOneThatFails() {
        try (FakeCloud cloud = new FakeCloud(1); HetznerProvider provider = cloud.provider()) {
            List<DeployEvent> events = new CopyOnWriteArrayList<>();
            Deployer deployer = Deployer.builder().providers(Providers.of(provider)).stateStore(new InMemoryStateStore())
                    .listener(events::add).owner("secrecy test").build();
            Resource key = new Resource(ResourceId.of(ResourceType.SSH_KEY, "lab"), "hetzner",
                    Map.of("name", "lab", "publicKey", TestKeys.ed25519("canary@test")), Set.of());
            Resource broken = new Resource(ResourceId.of(ResourceType.MACHINE, "web"), "hetzner",
                    Map.of("name", "web", "serverType", "cx22", "image", "no-such-image"), Set.of());
            cloud.fake.faults().serverErrorNext(1);
            ApplyResult result = deployer.apply(ResourceGraph.builder("canary", "t").add(key).add(broken).build(),
                    PlanOptions.DEFAULT, ApplyOptions.defaults().withRetry(new RetryPolicy(3, Duration.ofMillis(1),
                            Duration.ofMillis(5), 2.0, 0.0)));

            assertThat(result.succeeded()).isFalse();
            assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.toString()).doesNotContain(CANARY));
            assertThat(result.toString()).doesNotContain(CANARY);
            assertThat(result.state().toString()).doesNotContain(CANARY);
            assertThat(provider.toString()).doesNotContain(CANARY);
            assertThat(HetznerSettings.from(cloud.config()).toString()).doesNotContain(CANARY);
        }
    }

    @Test
    void theTokenAppearsInNoExceptionWhenTheApiRefusesItOrCannotBeReached() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        try (FakeCloud cloud = new FakeCloud(0)) {
            // The fake accepts only its own token: give it a different canary, which it refuses with 401.
            String wrong = CANARY + "-revoked";
            ProviderConfig config = new ProviderConfig(cloud.settings(HetznerSettings.TOKEN, "secret://other"), Map.of(),
                    ref -> Secret.of(ref, wrong), Optional.empty());
            try (HetznerProvider provider = (HetznerProvider) new HetznerProviderFactory().create(config)) {
                Throwable refused = catchThrowable(() -> provider.read(read()));
                assertThat(refused).isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED));
                failures.add(refused);
                assertThat(text(refused)).doesNotContain(wrong);
            }
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ProviderConfig unreachable = new ProviderConfig(Map.of(HetznerSettings.ENDPOINT, "http://127.0.0.1:" + closedPort + "/v1",
                HetznerSettings.TOKEN, FakeCloud.TOKEN_REF), Map.of(), FakeCloud.secrets(), Optional.empty());
        try (HetznerProvider provider = (HetznerProvider) new HetznerProviderFactory().create(unreachable)) {
            Throwable down = catchThrowable(() -> provider.read(read()));
            assertThat(down).isInstanceOfSatisfying(ProviderException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
            failures.add(down);
        }
        Throwable badToken = catchThrowable(() -> new HetznerProviderFactory().create(new ProviderConfig(Map.of(),
                Map.of("HCLOUD_TOKEN", CANARY + "\n" + CANARY), SecretResolver.NONE, Optional.empty())));
        assertThat(badToken).isNotNull();
        failures.add(badToken);
        assertThat(failures).allSatisfy(f -> assertThat(text(f)).doesNotContain(CANARY));
        assertThat(ApiToken.of(CANARY.toCharArray()).toString()).doesNotContain(CANARY);
    }

    private static ReadRequest read() {
        return new ReadRequest(ResourceId.of(ResourceType.SSH_KEY, "lab"), "1", Map.of(),
                new ProviderContext("canary", Map.of(), SecretResolver.NONE));
    }

    /** Everything an exception shows: its text, its causes' and suppressed ones', and its stack trace. */
    private static String text(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
