package io.kombify.spec;

import io.kombify.core.Diagnostic;
import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.NodeType;
import io.kombify.spec.model.Provider;
import io.kombify.spec.model.Service;
import io.kombify.spec.model.ServiceType;
import io.kombify.spec.model.SshConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.kombify.spec.ValidatorModels.main;
import static io.kombify.spec.ValidatorModels.node;
import static io.kombify.spec.ValidatorModels.port;
import static io.kombify.spec.ValidatorModels.service;
import static io.kombify.spec.ValidatorModels.spec;
import static io.kombify.spec.ValidatorModels.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The cross-field rules, on models built in code (paths, codes and messages; no positions). */
class CrossFieldRulesTest {
    private final SpecValidator validator = SpecValidator.create();

    private List<Diagnostic> errors(Kombination spec) {
        return validator.validate(spec).errors();
    }

    @Test
    void acceptsAMinimalSpec() {
        ValidationResult result = validator.validate(spec(List.of(main("server")), List.of(service("web"))));

        assertThat(result.valid()).isTrue();
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        assertThat(result.resolvedKit()).isEqualTo("base-homelab");
    }

    @Test
    void edgeNodeOnACloudProviderIsRejected() {
        List<Diagnostic> errors = errors(spec(List.of(main("server"), node("pi", NodeType.EDGE, Provider.HETZNER)), List.of()));

        assertThat(errors).extracting(Diagnostic::code, Diagnostic::path)
                .containsExactly(tuple("NODE_EDGE_PROVIDER", "/nodes/1/provider"));
        assertThat(errors.get(0).message()).isEqualTo("edge node `pi` cannot use provider `hetzner`: edge nodes run on `local` or `docker`");
    }

    @Test
    void edgeNodesOnLocalOrDockerAreFine() {
        assertThat(errors(spec(List.of(main("server"), node("pi", NodeType.EDGE, Provider.LOCAL),
                node("box", NodeType.EDGE, Provider.DOCKER)), List.of()))).isEmpty();
    }

    @Test
    void duplicateNodeNamePointsAtTheSecondAndNamesTheFirst() {
        List<Diagnostic> errors = errors(spec(List.of(main("nas"), main("pi"), main("nas")), List.of()));

        assertThat(errors).extracting(Diagnostic::code, Diagnostic::path)
                .containsExactly(tuple("NODE_NAME_DUPLICATE", "/nodes/2/name"));
        assertThat(errors.get(0).message()).isEqualTo("duplicate node name `nas`: already used by the node at /nodes/0/name");
    }

    @Test
    void duplicateServiceNamePointsAtTheSecond() {
        List<Diagnostic> errors = errors(spec(List.of(main("server")), List.of(service("web"), service("db"), service("web"))));

        assertThat(errors).extracting(Diagnostic::code, Diagnostic::path)
                .containsExactly(tuple("SERVICE_NAME_DUPLICATE", "/services/2/name"));
    }

    @Test
    void sshWithoutHostHasItsOwnCode() {
        List<Diagnostic> errors = errors(spec(List.of(node("nas", NodeType.MAIN, Provider.LOCAL, new SshConfig(null, 22, "admin", null))), List.of()));

        assertThat(errors).extracting(Diagnostic::code, Diagnostic::path)
                .containsExactly(tuple("NODE_SSH_HOST_MISSING", "/nodes/0/ssh/host"));
        assertThat(errors.get(0).hint()).contains("host: 192.168.1.10");
    }

    @Test
    void unknownNodeOfAServiceSuggestsTheClosest() {
        Service web = service("web", ServiceType.SERVICE, "nsa", null, List.of(), List.of());
        List<Diagnostic> errors = errors(spec(List.of(main("nas"), main("pi")), List.of(web)));

        assertThat(errors).extracting(Diagnostic::code, Diagnostic::path, Diagnostic::hint)
                .containsExactly(tuple("SERVICE_NODE_UNKNOWN", "/services/0/node", "did you mean `nas`?"));
        assertThat(errors.get(0).message()).isEqualTo("service `web` is placed on node `nsa`, which is not defined");
    }

    @Test
    void unknownNodeFarFromAnyNameListsTheNodes() {
        Service web = service("web", ServiceType.SERVICE, "kitchen", null, List.of(), List.of());

        assertThat(errors(spec(List.of(main("nas"), main("pi")), List.of(web))))
                .singleElement().extracting(Diagnostic::hint).asString()
                .startsWith("defined nodes: nas, pi");
    }

    @Test
    void unknownNeedSuggestsTheClosestService() {
        List<Diagnostic> errors = errors(spec(List.of(main("server")), List.of(service("postgres"), service("app", "postgress"))));

        assertThat(errors).extracting(Diagnostic::code, Diagnostic::path, Diagnostic::hint)
                .containsExactly(tuple("SERVICE_NEEDS_UNKNOWN", "/services/1/needs/0", "did you mean `postgres`?"));
    }

    @Test
    void aServiceNeedingItselfIsRejectedOnceAndNotAsACycle() {
        List<Diagnostic> errors = errors(spec(List.of(main("server")), List.of(service("app", "app"))));

        assertThat(errors).extracting(Diagnostic::code, Diagnostic::path)
                .containsExactly(tuple("SERVICE_NEEDS_SELF", "/services/0/needs/0"));
    }

    @Test
    void aCycleIsShownAndReportedOnce() {
        List<Diagnostic> errors = errors(spec(List.of(main("server")),
                List.of(service("alpha", "beta"), service("beta", "gamma"), service("gamma", "alpha"), service("delta", "alpha"))));

        assertThat(errors).extracting(Diagnostic::code, Diagnostic::path)
                .containsExactly(tuple("SERVICE_NEEDS_CYCLE", "/services/2/needs/0"));
        assertThat(errors.get(0).message()).isEqualTo("services depend on each other in a cycle: alpha -> beta -> gamma -> alpha");
    }

    @Test
    void twoSeparateCyclesAreBothReported() {
        List<Diagnostic> errors = errors(spec(List.of(main("server")),
                List.of(service("alpha", "beta"), service("beta", "alpha"), service("xray", "yankee"), service("yankee", "xray"))));

        assertThat(errors).extracting(Diagnostic::message).containsExactly(
                "services depend on each other in a cycle: alpha -> beta -> alpha",
                "services depend on each other in a cycle: xray -> yankee -> xray");
    }

    @Test
    void aLongChainClosingOnItselfIsFoundWithoutRecursion() {
        int n = 20_000;
        List<Service> services = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            services.add(service("s" + i, "s" + ((i + 1) % n)));
        }
        List<Diagnostic> errors = SpecValidator.builder().policy(ValidationPolicy.UNBOUNDED).build()
                .validate(spec(List.of(main("server")), services)).errors();

        assertThat(errors).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("SERVICE_NEEDS_CYCLE");
            assertThat(d.path()).isEqualTo("/services/19999/needs/0");
            assertThat(d.message()).contains("s0 -> s1 -> ").contains("(19988 more)").endsWith("s19999 -> s0");
        });
    }

    @Test
    void needingADisabledServiceIsAWarning() {
        Service db = service("db", ServiceType.DATABASE, null, false, List.of(), List.of());
        ValidationResult result = validator.validate(spec(List.of(main("server")), List.of(db, service("app", "db"))));

        assertThat(result.valid()).isTrue();
        assertThat(result.warnings()).extracting(Diagnostic::code, Diagnostic::path)
                .containsExactly(tuple("SERVICE_NEEDS_DISABLED", "/services/1/needs/0"));
    }

    @Test
    void customServicesMayNotUseReservedPorts() {
        Service hostPort = service("app", ServiceType.CUSTOM, null, null, List.of(), List.of(port(8080, 443)));
        Service containerPort = service("ssh", ServiceType.CUSTOM, null, null, List.of(), List.of(port(22, null)));
        Service mapped = service("ok", ServiceType.CUSTOM, null, null, List.of(), List.of(port(80, 8081)));
        Service notCustom = service("proxy", ServiceType.REVERSE_PROXY, null, null, List.of(), List.of(port(80, 80)));

        List<Diagnostic> errors = errors(spec(List.of(main("server")), List.of(hostPort, containerPort, mapped, notCustom)));

        assertThat(errors).extracting(Diagnostic::code, Diagnostic::path, Diagnostic::hint).containsExactly(
                tuple("SERVICE_PORT_RESERVED", "/services/0/ports/0/host", "bind another host port, such as `host: 8443`"),
                tuple("SERVICE_PORT_RESERVED", "/services/1/ports/0/container",
                        "add a host port outside the reserved ones, such as `host: 2222`"));
        assertThat(errors.get(0).message()).isEqualTo("custom service `app` cannot bind port 443: it is reserved (22, 80, 443, 5260, 5263, 5265)");
    }

    @Test
    void sameHostPortAndProtocolOnOneNodeConflicts() {
        Service a = service("alpha", ServiceType.SERVICE, "nas", null, List.of(), List.of(port(80, 8080)));
        Service b = service("beta", ServiceType.SERVICE, null, null, List.of(), List.of(port(8000, 8080)));
        Service udpOnly = service("gamma", ServiceType.SERVICE, "nas", null, List.of(), List.of(udp(53, 8080)));
        Service elsewhere = service("delta", ServiceType.SERVICE, "pi", null, List.of(), List.of(port(80, 8080)));
        Service disabled = service("echo", ServiceType.SERVICE, "nas", false, List.of(), List.of(port(80, 8080)));

        List<Diagnostic> errors = errors(spec(List.of(node("pi", NodeType.WORKER, Provider.LOCAL), main("nas")),
                List.of(a, b, udpOnly, elsewhere, disabled)));

        assertThat(errors).extracting(Diagnostic::code, Diagnostic::path)
                .containsExactly(tuple("SERVICE_PORT_CONFLICT", "/services/1/ports/0/host"));
        assertThat(errors.get(0).message())
                .isEqualTo("host port 8080/tcp on node `nas` is already bound by service `alpha` (/services/0/ports/0/host)");
    }

    @Test
    void withoutAMainNodeUnplacedServicesCountOnTheFirstNode() {
        Service a = service("alpha", ServiceType.SERVICE, null, null, List.of(), List.of(port(80, 8080)));
        Service b = service("beta", ServiceType.SERVICE, "w1", null, List.of(), List.of(port(80, 8080)));

        assertThat(errors(spec(List.of(node("w1", NodeType.WORKER, Provider.LOCAL)), List.of(a, b))))
                .extracting(Diagnostic::code).containsExactly("SERVICE_PORT_CONFLICT");
    }

    @Test
    void policyLimitsCountNodesAndServices() {
        List<io.kombify.spec.model.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(main("n" + i));
        }
        List<Service> services = List.of(service("alpha"), service("beta"), service("gamma"));
        ValidationPolicy small = new ValidationPolicy("small", 3, 2);

        ValidationResult limited = SpecValidator.builder().policy(small).build().validate(spec(nodes, services));
        ValidationResult unbounded = SpecValidator.builder().policy(ValidationPolicy.UNBOUNDED).build().validate(spec(nodes, services));

        assertThat(limited.errors()).extracting(Diagnostic::code, Diagnostic::path).containsExactly(
                tuple("SPEC_TOO_MANY_NODES", "/nodes"), tuple("SPEC_TOO_MANY_SERVICES", "/services"));
        assertThat(limited.errors().get(0).message()).isEqualTo("the spec has 4 nodes; policy `small` allows at most 3");
        assertThat(unbounded.valid()).isTrue();
    }

    @Test
    void noNodesIsAnErrorEvenWithoutLimits() {
        ValidationResult result = SpecValidator.builder().policy(ValidationPolicy.UNBOUNDED).build()
                .validate(spec(List.of(), List.of()));

        assertThat(result.errors()).extracting(Diagnostic::code, Diagnostic::path)
                .containsExactly(tuple("SPEC_REQUIRED_FIELD", "/nodes"));
    }

    @Test
    void kitGivenAsAPathIsInvalidAndSelectsNothing() {
        ValidationResult result = validator.validate(ValidatorModels.withKit(spec(List.of(main("server")), List.of()), "../kits/evil"));

        assertThat(result.errors()).extracting(Diagnostic::code, Diagnostic::path).containsExactly(tuple("SPEC_KIT_INVALID", "/kit"));
        assertThat(result.resolvedKit()).isNull();
    }

    @Test
    void unknownKitSuggestsAKnownOne() {
        ValidationResult result = validator.validate(ValidatorModels.withKit(spec(List.of(main("server")), List.of()), "modern-homelap"));

        assertThat(result.errors()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("KIT_UNKNOWN");
            assertThat(d.path()).isEqualTo("/kit");
            assertThat(d.hint()).contains("modern-homelab");
        });
        assertThat(result.resolvedKit()).isNull();
    }

    @Test
    void kitAliasesAreAcceptedAndResolveToTheKitName() {
        ValidationResult result = validator.validate(ValidatorModels.withKit(spec(List.of(main("server")), List.of()), "basement-kit"));

        assertThat(result.errors()).isEmpty();
        assertThat(result.resolvedKit()).isEqualTo("base-homelab");
    }

    @Test
    void aCloudNodeSelectsTheCloudKit() {
        assertThat(validator.validate(spec(List.of(node("vps", NodeType.MAIN, Provider.HETZNER)), List.of())).resolvedKit())
                .isEqualTo("cloud-kit");
    }

    @Test
    void aServiceWithoutImageWarnsUnlessTheKitKnowsIt() {
        Service noImage = new Service("mystery", ServiceType.SERVICE, null, null, null, null, null, null, null, null, null, null, null);
        Service disabled = new Service("later", ServiceType.SERVICE, null, false, null, null, null, null, null, null, null, null, null);
        ValidationResult result = validator.validate(spec(List.of(main("server")), List.of(noImage, disabled)));

        assertThat(result.valid()).isTrue();
        assertThat(result.warnings()).extracting(Diagnostic::code, Diagnostic::path)
                .containsExactly(tuple("SERVICE_IMAGE_UNKNOWN", "/services/0"));
        assertThat(result.warnings().get(0).hint()).contains("config.image");
    }

    @Test
    void invalidNameGetsAFixedUpSuggestion() {
        ValidationResult result = validator.validate(ValidatorModels.withName(spec(List.of(main("server")), List.of()), "My_Lab"));

        assertThat(result.errors()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("SPEC_NAME_INVALID");
            assertThat(d.path()).isEqualTo("/name");
            assertThat(d.hint()).isEqualTo("try `my-lab`");
        });
    }

    @Test
    void validatorIsSharedSafelyAcrossThreads() throws Exception {
        Kombination bad = spec(List.of(main("nas"), main("nas")), List.of(service("alpha", "beta"), service("beta", "alpha")));
        List<String> expected = validator.validate(bad).errors().stream().map(Diagnostic::toString).toList();
        List<Thread> threads = new ArrayList<>();
        List<List<String>> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    seen.add(validator.validate(bad).errors().stream().map(Diagnostic::toString).toList());
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(seen).hasSize(800).allSatisfy(list -> assertThat(list).isEqualTo(expected));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', nullValues = "-", value = {
            "10.0.0.0/8       | -",
            "10.20.0.0/16     | -",
            "172.16.0.0/12    | -",
            "172.31.255.0/24  | -",
            "192.168.1.0/24   | -",
            "192.168.0.0/16   | -",
            "172.32.0.0/16    | it is not a private (RFC 1918) network",
            "100.64.0.0/10    | it is not a private (RFC 1918) network",
            "172.16.0.0/8     | /8 is larger than the private block 172.16.0.0/12 that contains it",
            "192.168.0.0/15   | /15 is larger than the private block 192.168.0.0/16 that contains it",
            "10.256.0.0/16    | it is not a valid CIDR block: octet 256 is above 255",
            "10.0.0.0/33      | it is not a valid CIDR block: prefix /33 is longer than 32",
    })
    void internalSubnetMustBeARealPrivateBlock(String subnet, String problem) {
        Kombination k = new Kombination("lab", null, null, List.of(main("server")), List.of(), null, null,
                new io.kombify.spec.model.NetworkConfig(null, null, null, new io.kombify.spec.model.InternalNetwork(subnet, null), null),
                null, null, null, null);

        List<Diagnostic> errors = errors(k);

        if (problem == null) {
            assertThat(errors).isEmpty();
        } else {
            assertThat(errors).extracting(Diagnostic::code, Diagnostic::path, Diagnostic::message).containsExactly(
                    tuple("NETWORK_SUBNET_NOT_PRIVATE", "/network/internal/subnet",
                            "internal subnet `" + subnet + "` is not allowed: " + problem));
        }
    }

    @Test
    void gatewayInsideTheSubnetIsQuietAndOutsideIsAWarningWithASuggestion() {
        ValidationResult inside = validator.validate(withInternal("192.168.10.0/24", "192.168.10.1"));
        ValidationResult outside = validator.validate(withInternal("192.168.10.0/24", "192.168.11.1"));

        assertThat(inside.errors()).isEmpty();
        assertThat(inside.warnings()).isEmpty();
        assertThat(outside.valid()).isTrue();
        assertThat(outside.warnings()).extracting(Diagnostic::code, Diagnostic::hint).containsExactly(
                tuple("NETWORK_GATEWAY_OUTSIDE_SUBNET", "use an address inside the subnet, such as `192.168.10.1`"));
    }

    private static Kombination withInternal(String subnet, String gateway) {
        return new Kombination("lab", null, null, List.of(main("server")), List.of(), null, null,
                new io.kombify.spec.model.NetworkConfig(null, null, null, new io.kombify.spec.model.InternalNetwork(subnet, gateway), null),
                null, null, null, null);
    }

    @Test
    void firewallSourcesMayBeKeywordsOrRealBlocks() {
        List<io.kombify.spec.model.FirewallRule> rules = List.of(
                new io.kombify.spec.model.FirewallRule(22, null, "lan", null),
                new io.kombify.spec.model.FirewallRule(443, null, "192.168.1.0/24", null),
                new io.kombify.spec.model.FirewallRule(8080, null, "10.0.0.999/8", null));
        Kombination k = new Kombination("lab", null, null, List.of(main("server")), List.of(), null,
                new io.kombify.spec.model.SecurityConfig(null, new io.kombify.spec.model.FirewallConfig(null, null, null, null, rules), null, null, null),
                null, null, null, null, null);

        assertThat(errors(k)).extracting(Diagnostic::code, Diagnostic::path, Diagnostic::message).containsExactly(
                tuple("FIREWALL_SOURCE_INVALID", "/security/firewall/rules/2/source",
                        "firewall source `10.0.0.999/8` is not a valid CIDR block: octet 999 is above 255"));
    }

    @Test
    void aNullEntryInAListBuiltInCodeIsReportedNotThrown() {
        List<io.kombify.spec.model.Node> nodes = new ArrayList<>();
        nodes.add(main("server"));
        nodes.add(null);
        List<Service> services = new ArrayList<>();
        services.add(null);
        services.add(service("web"));

        assertThat(errors(spec(nodes, services))).extracting(Diagnostic::code, Diagnostic::path).containsExactly(
                tuple("SPEC_NULL_VALUE", "/nodes/1"), tuple("SPEC_NULL_VALUE", "/services/0"));
    }

    @Test
    void aDocumentWithoutSpecOrReadingProblemIsEmpty() {
        ValidationResult result = validator.validate(new SpecDocument("blank.yaml", "", null, null, List.of()));

        assertThat(result.errors()).extracting(Diagnostic::code, Diagnostic::path).containsExactly(tuple("SPEC_EMPTY", ""));
    }

    @Test
    void findingsOfAModelBuiltInCodeFollowTheModelsOrder() {
        Service web = service("web", ServiceType.SERVICE, "nowhere", null, List.of(), List.of());
        Kombination k = ValidatorModels.withName(spec(List.of(main("server"), node("pi", NodeType.EDGE, Provider.AWS)),
                List.of(web, service("db", "missing"))), "Bad Name");

        assertThat(errors(k)).extracting(Diagnostic::path).containsExactly(
                "/name", "/nodes/1/provider", "/services/0/node", "/services/1/needs/0");
    }

    @Test
    void fixedUpNamesAreValidLabels() {
        assertThat(io.kombify.spec.internal.validate.Suggest.dnsName("My_Lab")).isEqualTo("my-lab");
        assertThat(io.kombify.spec.internal.validate.Suggest.dnsName("1st Server!!")).isEqualTo("st-server");
        assertThat(io.kombify.spec.internal.validate.Suggest.dnsName("web-")).isEqualTo("web");
        assertThat(io.kombify.spec.internal.validate.Suggest.dnsName("x".repeat(80))).hasSize(63);
        assertThat(io.kombify.spec.internal.validate.Suggest.dnsName("_")).isNull();
    }

    @Test
    void suggestionsFindTyposAndTranspositionsButNotStrangers() {
        List<String> names = List.of("postgres", "nextcloud", "nas");

        assertThat(io.kombify.spec.internal.validate.Suggest.closest("postgress", names)).isEqualTo("postgres");
        assertThat(io.kombify.spec.internal.validate.Suggest.closest("nsa", names)).isEqualTo("nas");
        assertThat(io.kombify.spec.internal.validate.Suggest.closest("NextCloud", names)).isEqualTo("nextcloud");
        assertThat(io.kombify.spec.internal.validate.Suggest.closest("grafana", names)).isNull();
    }
}
