package io.kombify.spec;

import io.kombify.spec.model.*;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Generators of valid-looking {@link Kombination} models for property tests: every part of the
 * model appears, optional parts are often absent, names and values follow the spec's patterns,
 * and the open maps hold values that are hard to write back (strings such as {@code "1.0"},
 * {@code "yes"} or {@code "a: b"}, nested lists and maps, nulls).
 */
public final class SpecArbitraries {
    private static final double ABSENT = 0.4;

    private SpecArbitraries() {
    }

    /** Whole specs, with one to four nodes and up to four services. */
    public static Arbitrary<Kombination> kombinations() {
        return combine(v -> new Kombination(
                        (String) v.get(0), (String) v.get(1), (String) v.get(2), list(v.get(3)), list(v.get(4)),
                        (SystemConfig) v.get(5), (SecurityConfig) v.get(6), (NetworkConfig) v.get(7),
                        (IdentityConfig) v.get(8), (ObservabilityConfig) v.get(9), list(v.get(10)), (Metadata) v.get(11)),
                dnsNames(),
                Arbitraries.of("1.0", "1.1", "2.0", "10.12").injectNull(ABSENT),
                Arbitraries.of("base-homelab", "modern-homelab", "ha-homelab", "cloud-kit", "").injectNull(0.6),
                nodes().list().ofMinSize(1).ofMaxSize(4).uniqueElements(Node::name),
                services().list().ofMaxSize(4).uniqueElements(Service::name),
                systems().injectNull(ABSENT),
                securities().injectNull(ABSENT),
                networks().injectNull(ABSENT),
                identities().injectNull(ABSENT),
                observabilities().injectNull(ABSENT),
                intents().list().ofMaxSize(3),
                metadata().injectNull(ABSENT));
    }

    /** RFC 1123 labels such as {@code nas} or {@code media-1}. */
    public static Arbitrary<String> dnsNames() {
        Arbitrary<String> middle = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-').ofMaxLength(10);
        return Combinators.combine(Arbitraries.chars().range('a', 'z'), middle, Arbitraries.chars().range('a', 'z'))
                .as((a, m, z) -> a + m + z);
    }

    public static Arbitrary<Node> nodes() {
        return combine(v -> new Node((String) v.get(0), (NodeType) v.get(1), (Provider) v.get(2), (SshConfig) v.get(3),
                        (ResourceSpec) v.get(4), map(v.get(5)), list(v.get(6))),
                dnsNames(),
                Arbitraries.of(NodeType.class),
                Arbitraries.of(Provider.class),
                sshConfigs().injectNull(ABSENT),
                resources().injectNull(ABSENT),
                Arbitraries.maps(keys(), texts()).ofMaxSize(3),
                Arbitraries.of("gpu=true:NoSchedule", "edge", "dedicated=db").list().ofMaxSize(2));
    }

    public static Arbitrary<SshConfig> sshConfigs() {
        return combine(v -> new SshConfig((String) v.get(0), (Integer) v.get(1), (String) v.get(2), (String) v.get(3)),
                Arbitraries.of("192.168.1.10", "10.0.0.5", "nas.lan", "host-1.example.com"),
                ports().injectNull(ABSENT),
                Arbitraries.of("ubuntu", "root", "deploy_user", "pi").injectNull(ABSENT),
                Arbitraries.of("~/.ssh/id_ed25519", "/home/me/.ssh/key", "C:\\keys\\id").injectNull(ABSENT));
    }

    public static Arbitrary<ResourceSpec> resources() {
        return combine(v -> new ResourceSpec((Integer) v.get(0), (String) v.get(1), (String) v.get(2)),
                Arbitraries.integers().between(1, 128).injectNull(ABSENT),
                Arbitraries.of("512Mi", "4Gi", "16Gi").injectNull(ABSENT),
                Arbitraries.of("50Gi", "1Ti", "500Gi").injectNull(ABSENT));
    }

    public static Arbitrary<Service> services() {
        return combine(v -> new Service((String) v.get(0), (ServiceType) v.get(1), (String) v.get(2), (Boolean) v.get(3),
                        list(v.get(4)), map(v.get(5)), list(v.get(6)), (ServiceNetwork) v.get(7), (ServiceResources) v.get(8),
                        list(v.get(9)), map(v.get(10)), map(v.get(11)), (RestartPolicy) v.get(12)),
                dnsNames(),
                Arbitraries.of(ServiceType.class),
                dnsNames().injectNull(0.6),
                Arbitraries.of(true, false).injectNull(ABSENT),
                dnsNames().list().ofMaxSize(2),
                openMaps(2),
                portMappings().list().ofMaxSize(3),
                serviceNetworks().injectNull(ABSENT),
                serviceResources().injectNull(ABSENT),
                volumes().list().ofMaxSize(2),
                Arbitraries.maps(envNames(), texts()).ofMaxSize(3),
                Arbitraries.maps(envNames(), Arbitraries.of("secret://db-password", "secret://api/token")).ofMaxSize(2),
                Arbitraries.of(RestartPolicy.class).injectNull(ABSENT));
    }

    public static Arbitrary<Port> portMappings() {
        return combine(v -> new Port((Integer) v.get(0), (Integer) v.get(1), (Protocol) v.get(2)),
                ports(), ports().injectNull(ABSENT), Arbitraries.of(Protocol.class).injectNull(ABSENT));
    }

    public static Arbitrary<ServiceNetwork> serviceNetworks() {
        Arbitrary<ProxyRoute> proxy = combine(v -> new ProxyRoute((Boolean) v.get(0), (String) v.get(1), (TlsMode) v.get(2), list(v.get(3))),
                Arbitraries.of(true, false).injectNull(ABSENT),
                Arbitraries.of("cloud.home.example.com", "media.lan").injectNull(ABSENT),
                Arbitraries.of(TlsMode.class).injectNull(ABSENT),
                Arbitraries.of("auth", "compress", "rate-limit").list().ofMaxSize(2));
        Arbitrary<InternalExposure> internal = combine(v -> new InternalExposure((Boolean) v.get(0), (Integer) v.get(1)),
                Arbitraries.of(true, false).injectNull(ABSENT), ports().injectNull(ABSENT));
        return combine(v -> new ServiceNetwork((ProxyRoute) v.get(0), (InternalExposure) v.get(1)),
                proxy.injectNull(ABSENT), internal.injectNull(ABSENT));
    }

    public static Arbitrary<ServiceResources> serviceResources() {
        Arbitrary<String> cpu = Arbitraries.of("1", "0.5", "1.5", "2").injectNull(ABSENT);
        Arbitrary<String> memory = Arbitraries.of("256Mi", "512Mi", "2Gi").injectNull(ABSENT);
        return combine(v -> new ServiceResources((String) v.get(0), (String) v.get(1), (String) v.get(2), (String) v.get(3)),
                cpu, memory, cpu, memory);
    }

    public static Arbitrary<VolumeMount> volumes() {
        return combine(v -> new VolumeMount((String) v.get(0), (String) v.get(1), (String) v.get(2), (Boolean) v.get(3),
                        (VolumeType) v.get(4), (Boolean) v.get(5)),
                dnsNames(),
                Arbitraries.of("/data", "/config", "/var/lib/app"),
                Arbitraries.of("/srv/data", "/mnt/media", "D:\\share").injectNull(ABSENT),
                Arbitraries.of(true, false).injectNull(ABSENT),
                Arbitraries.of(VolumeType.class).injectNull(ABSENT),
                Arbitraries.of(true, false).injectNull(ABSENT));
    }

    public static Arbitrary<SystemConfig> systems() {
        Arbitrary<Packages> packages = combine(v -> new Packages(list(v.get(0)), list(v.get(1))),
                Arbitraries.of("curl", "git", "htop", "vim").list().ofMaxSize(3),
                Arbitraries.of("jq", "tmux").list().ofMaxSize(2));
        return combine(v -> new SystemConfig((String) v.get(0), (String) v.get(1), (String) v.get(2), (UpgradePolicy) v.get(3), (Packages) v.get(4)),
                Arbitraries.of("Europe/Berlin", "UTC", "America/New_York").injectNull(ABSENT),
                Arbitraries.of("en_US.UTF-8", "de_DE.UTF-8").injectNull(ABSENT),
                Arbitraries.of("disabled", "auto", "2Gi", "512Mi").injectNull(ABSENT),
                Arbitraries.of(UpgradePolicy.class).injectNull(ABSENT),
                packages.injectNull(ABSENT));
    }

    public static Arbitrary<SecurityConfig> securities() {
        Arbitrary<SshSecurity> ssh = combine(v -> new SshSecurity((Integer) v.get(0), (Boolean) v.get(1), (PermitRootLogin) v.get(2),
                        (Integer) v.get(3), list(v.get(4))),
                ports().injectNull(ABSENT), Arbitraries.of(true, false).injectNull(ABSENT),
                Arbitraries.of(PermitRootLogin.class).injectNull(ABSENT), Arbitraries.integers().between(1, 10).injectNull(ABSENT),
                Arbitraries.of("admin", "deploy").list().ofMaxSize(2));
        Arbitrary<FirewallRule> rule = combine(v -> new FirewallRule((Integer) v.get(0), (FirewallProtocol) v.get(1), (String) v.get(2), (String) v.get(3)),
                ports(), Arbitraries.of(FirewallProtocol.class).injectNull(ABSENT),
                Arbitraries.of("any", "lan", "vpn", "192.168.0.0/24").injectNull(ABSENT), texts().injectNull(ABSENT));
        Arbitrary<FirewallConfig> firewall = combine(v -> new FirewallConfig((Boolean) v.get(0), (FirewallBackend) v.get(1),
                        (FirewallPolicy) v.get(2), (FirewallPolicy) v.get(3), list(v.get(4))),
                Arbitraries.of(true, false).injectNull(ABSENT), Arbitraries.of(FirewallBackend.class).injectNull(ABSENT),
                Arbitraries.of(FirewallPolicy.class).injectNull(ABSENT), Arbitraries.of(FirewallPolicy.class).injectNull(ABSENT),
                rule.list().ofMaxSize(3));
        Arbitrary<TlsConfig> tls = combine(v -> new TlsConfig((TlsVersion) v.get(0), (CertSource) v.get(1), (String) v.get(2), (AcmeProvider) v.get(3)),
                Arbitraries.of(TlsVersion.class).injectNull(ABSENT), Arbitraries.of(CertSource.class).injectNull(ABSENT),
                Arbitraries.of("admin@example.com").injectNull(ABSENT), Arbitraries.of(AcmeProvider.class).injectNull(ABSENT));
        Arbitrary<ContainerSecurity> container = combine(v -> new ContainerSecurity((Boolean) v.get(0), (Boolean) v.get(1), list(v.get(2))),
                Arbitraries.of(true, false).injectNull(ABSENT), Arbitraries.of(true, false).injectNull(ABSENT),
                Arbitraries.of("NET_RAW", "SYS_ADMIN", "ALL").list().ofMaxSize(2));
        Arbitrary<SecretsConfig> secrets = combine(v -> new SecretsConfig((SecretsBackend) v.get(0), (RotationPolicy) v.get(1)),
                Arbitraries.of(SecretsBackend.class).injectNull(ABSENT), Arbitraries.of(RotationPolicy.class).injectNull(ABSENT));
        return combine(v -> new SecurityConfig((SshSecurity) v.get(0), (FirewallConfig) v.get(1), (TlsConfig) v.get(2),
                        (ContainerSecurity) v.get(3), (SecretsConfig) v.get(4)),
                ssh.injectNull(ABSENT), firewall.injectNull(ABSENT), tls.injectNull(ABSENT),
                container.injectNull(ABSENT), secrets.injectNull(ABSENT));
    }

    public static Arbitrary<NetworkConfig> networks() {
        Arbitrary<DnsConfig> dns = combine(v -> new DnsConfig(list(v.get(0)), list(v.get(1))),
                Arbitraries.of("1.1.1.1", "9.9.9.9", "192.168.1.1").list().ofMaxSize(2).injectNull(0.5),
                Arbitraries.of("lan", "home.arpa").list().ofMaxSize(2));
        Arbitrary<InternalNetwork> internal = combine(v -> new InternalNetwork((String) v.get(0), (String) v.get(1)),
                Arbitraries.of("10.20.0.0/16", "192.168.50.0/24").injectNull(ABSENT),
                Arbitraries.of("10.20.0.1", "192.168.50.1").injectNull(ABSENT));
        Arbitrary<ProxyConfig> proxy = combine(v -> new ProxyConfig((String) v.get(0), (String) v.get(1), list(v.get(2))),
                Arbitraries.of("http://proxy.lan:3128").injectNull(ABSENT), Arbitraries.of("http://proxy.lan:3129").injectNull(ABSENT),
                Arbitraries.of("localhost", ".lan", "127.0.0.1").list().ofMaxSize(2));
        return combine(v -> new NetworkConfig((VpnKind) v.get(0), (String) v.get(1), (DnsConfig) v.get(2), (InternalNetwork) v.get(3), (ProxyConfig) v.get(4)),
                Arbitraries.of(VpnKind.class).injectNull(ABSENT),
                Arbitraries.of("home.example.com", "lab.lan").injectNull(ABSENT),
                dns.injectNull(ABSENT), internal.injectNull(ABSENT), proxy.injectNull(ABSENT));
    }

    public static Arbitrary<IdentityConfig> identities() {
        Arbitrary<OwnerBootstrap> owner = combine(v -> new OwnerBootstrap((OwnerSource) v.get(0), (String) v.get(1), (String) v.get(2),
                        (String) v.get(3), map(v.get(4))),
                Arbitraries.of(OwnerSource.class), Arbitraries.of("me@example.com").injectNull(ABSENT),
                Arbitraries.of("admin", "owner").injectNull(ABSENT), texts().injectNull(ABSENT), extras(Map.of()));
        Arbitrary<RecoveryBootstrap> recovery = combine(v -> new RecoveryBootstrap(v.get(0), (String) v.get(1), (String) v.get(2), map(v.get(3))),
                Arbitraries.oneOf(Arbitraries.of(true, false), Arbitraries.of("yes", "true", "sealed")).injectNull(ABSENT),
                Arbitraries.of("secret://recovery-hash").injectNull(ABSENT),
                Arbitraries.of("$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA").injectNull(ABSENT),
                extras(Map.of()));
        return combine(v -> new IdentityConfig((OwnerBootstrap) v.get(0), (RecoveryBootstrap) v.get(1), map(v.get(2))),
                owner.injectNull(ABSENT), recovery.injectNull(ABSENT), extras(Map.of()));
    }

    public static Arbitrary<ObservabilityConfig> observabilities() {
        Arbitrary<Boolean> flag = Arbitraries.of(true, false).injectNull(ABSENT);
        Arbitrary<LoggingConfig> logging = combine(v -> new LoggingConfig((LogDriver) v.get(0), (String) v.get(1), (LogLevel) v.get(2)),
                Arbitraries.of(LogDriver.class).injectNull(ABSENT), Arbitraries.of("7d", "30d", "12h").injectNull(ABSENT),
                Arbitraries.of(LogLevel.class).injectNull(ABSENT));
        Arbitrary<Toggle> toggle = flag.map(Toggle::new);
        Arbitrary<MetricsConfig> metrics = combine(v -> new MetricsConfig((Boolean) v.get(0), (Toggle) v.get(1), (Toggle) v.get(2)),
                flag, toggle.injectNull(ABSENT), toggle.injectNull(ABSENT));
        Arbitrary<HealthConfig> health = combine(v -> new HealthConfig((Boolean) v.get(0), (String) v.get(1), (String) v.get(2)),
                flag, Arbitraries.of("30s", "1m").injectNull(ABSENT), Arbitraries.of("10s", "5s").injectNull(ABSENT));
        Arbitrary<AlertingConfig> alerting = combine(v -> new AlertingConfig((Boolean) v.get(0), list(v.get(1))),
                flag, Arbitraries.of(AlertChannel.class).list().ofMaxSize(3));
        Arbitrary<BackupTarget> target = combine(v -> new BackupTarget((BackupTargetType) v.get(0), (String) v.get(1), (String) v.get(2),
                        (String) v.get(3), (String) v.get(4)),
                Arbitraries.of(BackupTargetType.class).injectNull(ABSENT), Arbitraries.of("/mnt/backup").injectNull(ABSENT),
                Arbitraries.of("homelab-backups").injectNull(ABSENT), Arbitraries.of("eu-central").injectNull(ABSENT),
                Arbitraries.of("https://s3.example.com").injectNull(ABSENT));
        Arbitrary<BackupConfig> backup = combine(v -> new BackupConfig((Boolean) v.get(0), (String) v.get(1), (String) v.get(2),
                        (BackupTarget) v.get(3), list(v.get(4)), list(v.get(5))),
                flag, Arbitraries.of("0 3 * * *", "*/15 * * * *").injectNull(ABSENT), Arbitraries.of("30d", "4w").injectNull(ABSENT),
                target.injectNull(ABSENT), Arbitraries.of(BackupContent.class).list().ofMaxSize(3).injectNull(0.5),
                Arbitraries.of("/tmp", "*.log").list().ofMaxSize(2));
        return combine(v -> new ObservabilityConfig((LoggingConfig) v.get(0), (MetricsConfig) v.get(1), (HealthConfig) v.get(2),
                        (AlertingConfig) v.get(3), (BackupConfig) v.get(4)),
                logging.injectNull(ABSENT), metrics.injectNull(ABSENT), health.injectNull(ABSENT),
                alerting.injectNull(ABSENT), backup.injectNull(ABSENT));
    }

    public static Arbitrary<Intent> intents() {
        Arbitrary<Intent> simple = Arbitraries.of(IntentKind.class).map(Intent.Simple::new);
        Arbitrary<Intent> detailed = combine(v -> new Intent.Detailed((IntentKind) v.get(0), (Priority) v.get(1), map(v.get(2)),
                        list(v.get(3)), list(v.get(4))),
                Arbitraries.of(IntentKind.class), Arbitraries.of(Priority.class).injectNull(ABSENT), openMaps(1),
                Arbitraries.of("gpu", "hdr", "backups").list().ofMaxSize(2),
                Arbitraries.of("home-assistant", "jellyfin").list().ofMaxSize(2));
        return Arbitraries.oneOf(simple, detailed);
    }

    public static Arbitrary<Metadata> metadata() {
        return combine(v -> new Metadata((String) v.get(0), (Environment) v.get(1), (String) v.get(2), (CreatedBy) v.get(3),
                        list(v.get(4)), map(v.get(5))),
                texts().injectNull(ABSENT), Arbitraries.of(Environment.class).injectNull(ABSENT),
                texts().injectNull(ABSENT), Arbitraries.of(CreatedBy.class).injectNull(ABSENT),
                texts().list().ofMaxSize(3), extras(Map.of()));
    }

    /** Free-form maps such as a service's {@code config}, nested up to {@code depth} levels. */
    public static Arbitrary<Map<String, Object>> openMaps(int depth) {
        return Arbitraries.maps(keys(), openValues(depth)).ofMaxSize(3);
    }

    /** Values of open maps: text (often tricky), whole and fractional numbers, booleans, null, lists and maps. */
    public static Arbitrary<Object> openValues(int depth) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                texts().map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().between(-1e12, 1e12).map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        if (depth <= 0) {
            return scalar;
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, scalar),
                net.jqwik.api.Tuple.of(1, openValues(depth - 1).list().ofMaxSize(3).map(l -> (Object) l)),
                net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> openMaps(depth - 1)).map(m -> (Object) m)));
    }

    /** Text that is easy to get wrong when written as YAML: looks like other types, holds indicators, quotes, blanks. */
    public static Arbitrary<String> texts() {
        Arbitrary<String> tricky = Arbitraries.of("1.0", "yes", "no", "on", "off", "null", "~", "true", "0123", "0x1F", "1e3",
                "a: b", "# not a comment", "x #y", "- item", "[a]", "{b}", "*alias", "&anchor", "!tag", "@home", "`cmd`",
                "'single'", "\"double\"", "", " lead", "trail ", "multi\nline", "tab\there", "back\\slash", "100%", "key:",
                "Grüße", "日本語", "emoji 🎉", ".inf", "-.5", "+1", "<<", "---", "...", "?", "|", ">", "2024-01-01");
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars(" -_.:/#'\"\\@!?,[]{}&*|>%=+~`\t\näöüß€").ofMaxLength(16);
        return Arbitraries.oneOf(tricky, plain);
    }

    /** Keys of free-form maps, some of which look like other types. */
    public static Arbitrary<String> keys() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withChars('_', '-', '.').ofMinLength(1).ofMaxLength(10),
                Arbitraries.of("1", "true", "null", "a b", "with/slash", "tilde~", "x: y", "<<", "#hash", "", "ümlaut"));
    }

    static Arbitrary<Integer> ports() {
        return Arbitraries.integers().between(1, 65535);
    }

    private static Arbitrary<String> envNames() {
        return Arbitraries.strings().withCharRange('A', 'Z').withChars('_').ofMinLength(1).ofMaxLength(12);
    }

    /** Extra fields of an open object: keys that cannot be mistaken for the object's own fields. */
    private static Arbitrary<Map<String, Object>> extras(Map<String, Object> none) {
        Arbitrary<String> extraKeys = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8).map(k -> "x-" + k);
        return Arbitraries.oneOf(Arbitraries.just(none), Arbitraries.maps(extraKeys, openValues(1)).ofMinSize(1).ofMaxSize(3));
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object value) {
        return (List<T>) value;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> map(Object value) {
        return (Map<String, V>) value;
    }

    @SuppressWarnings("unchecked")
    private static <R> Arbitrary<R> combine(Function<List<Object>, R> factory, Arbitrary<?>... parts) {
        List<Arbitrary<Object>> list = new ArrayList<>(parts.length);
        for (Arbitrary<?> p : parts) {
            list.add((Arbitrary<Object>) p);
        }
        return Combinators.combine(list).as(factory::apply);
    }
}
