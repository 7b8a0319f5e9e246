package io.kombify.spec.internal.resolve;

import io.kombify.core.ByteSize;
import io.kombify.core.CpuQuantity;
import io.kombify.spec.kit.StackKit;
import io.kombify.spec.model.Intent;
import io.kombify.spec.model.Kombination;
import io.kombify.spec.model.Metadata;
import io.kombify.spec.model.Priority;
import io.kombify.spec.model.WireValue;
import io.kombify.spec.resolved.AddOn;
import io.kombify.spec.resolved.ResolvedNetwork;
import io.kombify.spec.resolved.ResolvedNode;
import io.kombify.spec.resolved.ResolvedObservability;
import io.kombify.spec.resolved.ResolvedPort;
import io.kombify.spec.resolved.ResolvedSecurity;
import io.kombify.spec.resolved.ResolvedService;
import io.kombify.spec.resolved.ResolvedSystem;
import io.kombify.spec.resolved.ResolvedVolume;
import io.kombify.spec.resolved.Tier;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plan hash: SHA-256 of a canonical JSON text of the resolved stack. Canonical means:
 * object keys sorted, absent values omitted, every default applied (so writing a default
 * changes nothing), empty lists and maps omitted like absent ones, quantities in one spelling ({@code 2Gi}, never {@code 2048Mi}; CPU as
 * cores; durations as seconds), numbers without trailing zeros. Lists keep their order: the
 * order of nodes and services decides placement, so it is part of the plan. Bookkeeping that
 * does not change what is built (where a value came from, whether a node was pinned or chosen)
 * is left out, as are the warnings and the source text.
 */
public final class PlanHash {
    private PlanHash() {
    }

    static String of(Kombination spec, String version, StackKit kit, List<AddOn> addOns, Tier tier, List<ResolvedNode> nodes,
                     List<ResolvedService> services, ResolvedNetwork network, ResolvedSecurity security,
                     ResolvedObservability observability, ResolvedSystem system) {
        Canon c = new Canon(sha256());
        write(c, spec, version, kit, addOns, tier, nodes, services, network, security, observability, system);
        return c.hex();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The canonical text; exposed for tests and for explaining why two hashes differ. */
    public static String canonical(Kombination spec, String version, StackKit kit, List<AddOn> addOns, Tier tier,
                                   List<ResolvedNode> nodes, List<ResolvedService> services, ResolvedNetwork network,
                                   ResolvedSecurity security, ResolvedObservability observability, ResolvedSystem system) {
        Canon c = new Canon(null);
        write(c, spec, version, kit, addOns, tier, nodes, services, network, security, observability, system);
        return c.toString();
    }

    private static void write(Canon c, Kombination spec, String version, StackKit kit, List<AddOn> addOns, Tier tier,
                              List<ResolvedNode> nodes, List<ResolvedService> services, ResolvedNetwork network,
                              ResolvedSecurity security, ResolvedObservability observability, ResolvedSystem system) {
        c.begin();
        c.key("addOns").beginList();
        for (AddOn a : addOns) {
            c.item().str(a.wire());
        }
        c.endList();
        if (spec.identity() != null) {
            c.key("identity").value(spec.identity());
        }
        c.key("intents").beginList();
        for (Intent i : spec.intents()) {
            c.item();
            intent(c, i);
        }
        c.endList();
        c.key("kit").begin().key("name").str(kit.name());
        if (kit.metadata().version() != null) {
            c.key("version").str(kit.metadata().version());
        }
        c.end();
        if (spec.metadata() != null) {
            c.key("metadata");
            metadata(c, spec.metadata());
        }
        c.key("name").str(spec.name());
        c.key("network");
        network(c, network);
        c.key("nodes").beginList();
        for (ResolvedNode n : nodes) {
            c.item();
            node(c, n);
        }
        c.endList();
        c.key("observability");
        observability(c, observability);
        c.key("security");
        security(c, security);
        c.key("services").beginList();
        for (ResolvedService s : services) {
            c.item();
            service(c, s);
        }
        c.endList();
        c.key("system");
        system(c, system);
        c.key("tier").str(tier.wire());
        c.key("version").str(version);
        c.end();
    }

    static String digest(String canonical) {
        return HexFormat.of().formatHex(sha256().digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    private static void intent(Canon c, Intent i) {
        c.begin();
        if (i instanceof Intent.Detailed d) {
            c.key("constraints").value(d.constraints());
            c.key("features").value(d.features());
            c.key("integrations").value(d.integrations());
            c.key("kind").str(wire(d.kind()));
            c.key("priority").str(wire(d.priority() == null ? Priority.MEDIUM : d.priority()));
        } else if (i != null) {
            c.key("constraints").value(Map.of());
            c.key("features").value(List.of());
            c.key("integrations").value(List.of());
            c.key("kind").str(wire(i.kind()));
            c.key("priority").str(Priority.MEDIUM.wire());
        }
        c.end();
    }

    private static void metadata(Canon c, Metadata m) {
        c.begin();
        c.key("createdBy").str(m.createdBy() == null ? "manual" : m.createdBy().wire());
        c.key("environment").str(m.environment() == null ? "production" : m.environment().wire());
        c.key("extra").value(m.extra());
        c.key("owner").optStr(m.owner());
        c.key("project").optStr(m.project());
        c.key("tags").value(m.tags());
        c.end();
    }

    private static void node(Canon c, ResolvedNode n) {
        c.begin();
        c.key("cpu").str(n.cpu().toString());
        c.key("disk").str(n.disk().toString());
        c.key("labels").value(n.labels());
        c.key("memory").str(n.memory().toString());
        c.key("name").str(n.name());
        c.key("provider").str(wire(n.provider()));
        if (n.ssh() != null) {
            c.key("ssh").begin().key("host").str(n.ssh().host());
            c.key("keyPath").optStr(n.ssh().keyPath());
            c.key("port").num(n.ssh().port()).key("user").str(n.ssh().user()).end();
        }
        c.key("taints").value(n.taints());
        c.key("type").str(wire(n.type()));
        c.end();
    }

    private static void service(Canon c, ResolvedService s) {
        c.begin();
        c.key("config").value(s.config());
        c.key("cpuLimit").str(s.cpuLimit().toString());
        c.key("cpuRequest").str(s.cpuRequest().toString());
        c.key("enabled").bool(s.enabled());
        c.key("environment").value(s.environment());
        c.key("environmentSecrets").value(s.environmentSecrets());
        c.key("exposeInternal").bool(s.exposeInternal());
        c.key("image").optStr(s.image().orElse(null));
        c.key("internalPort").optNum(s.internalPort());
        c.key("memoryLimit").str(s.memoryLimit().toString());
        c.key("memoryRequest").str(s.memoryRequest().toString());
        c.key("name").str(s.name());
        c.key("needs").value(s.needs());
        c.key("node").optStr(s.node());
        c.key("ports").beginList();
        for (ResolvedPort p : s.ports()) {
            c.item().begin().key("container").num(p.container()).key("host").optNum(p.host())
                    .key("protocol").str(wire(p.protocol())).end();
        }
        c.endList();
        if (s.proxy() != null) {
            c.key("proxy").begin().key("domain").optStr(s.proxy().domain()).key("enabled").bool(s.proxy().enabled())
                    .key("middlewares").value(s.proxy().middlewares()).key("tls").str(wire(s.proxy().tls())).end();
        }
        c.key("restartPolicy").str(wire(s.restartPolicy()));
        c.key("type").str(wire(s.type()));
        c.key("volumes").beginList();
        for (ResolvedVolume v : s.volumes()) {
            c.item().begin().key("backup").bool(v.backup()).key("hostPath").optStr(v.hostPath())
                    .key("mountPath").str(v.mountPath()).key("name").str(v.name()).key("readOnly").bool(v.readOnly())
                    .key("type").str(wire(v.type())).end();
        }
        c.endList();
        c.end();
    }

    private static void network(Canon c, ResolvedNetwork n) {
        c.begin().key("dnsSearch").value(n.dnsSearch()).key("dnsServers").value(n.dnsServers())
                .key("domain").str(n.domain()).key("gateway").optStr(n.gateway()).key("httpProxy").optStr(n.httpProxy())
                .key("httpsProxy").optStr(n.httpsProxy()).key("noProxy").value(n.noProxy()).key("subnet").optStr(n.subnet())
                .key("vpn").str(wire(n.vpn())).end();
    }

    private static void security(Canon c, ResolvedSecurity s) {
        c.begin();
        ResolvedSecurity.Container ct = s.container();
        c.key("container").begin().key("dropCapabilities").value(ct.dropCapabilities())
                .key("noNewPrivileges").bool(ct.noNewPrivileges()).key("readOnlyRootfs").bool(ct.readOnlyRootfs()).end();
        ResolvedSecurity.Firewall f = s.firewall();
        c.key("firewall").begin().key("backend").str(wire(f.backend())).key("defaultInbound").str(wire(f.defaultInbound()))
                .key("defaultOutbound").str(wire(f.defaultOutbound())).key("enabled").bool(f.enabled()).key("rules").beginList();
        for (ResolvedSecurity.Rule r : f.rules()) {
            c.item().begin().key("comment").optStr(r.comment()).key("port").num(r.port())
                    .key("protocol").str(wire(r.protocol())).key("source").str(r.source()).end();
        }
        c.endList().end();
        c.key("secrets").begin().key("backend").str(wire(s.secrets().backend()))
                .key("rotationPolicy").str(wire(s.secrets().rotationPolicy())).end();
        ResolvedSecurity.Ssh ssh = s.ssh();
        c.key("ssh").begin().key("allowUsers").value(ssh.allowUsers()).key("maxAuthTries").num(ssh.maxAuthTries())
                .key("passwordAuth").bool(ssh.passwordAuth()).key("permitRootLogin").str(wire(ssh.permitRootLogin()))
                .key("port").num(ssh.port()).end();
        ResolvedSecurity.Tls tls = s.tls();
        c.key("tls").begin().key("acmeEmail").optStr(tls.acmeEmail()).key("acmeProvider").str(wire(tls.acmeProvider()))
                .key("certSource").str(wire(tls.certSource())).key("minVersion").str(wire(tls.minVersion())).end();
        c.end();
    }

    private static void observability(Canon c, ResolvedObservability o) {
        c.begin();
        c.key("alerting").begin().key("channels").value(o.alerting().channels()).key("enabled").bool(o.alerting().enabled()).end();
        ResolvedObservability.Backup b = o.backup();
        c.key("backup").begin().key("bucket").optStr(b.bucket()).key("enabled").bool(b.enabled())
                .key("endpoint").optStr(b.endpoint()).key("exclude").value(b.exclude()).key("include").value(b.include())
                .key("path").optStr(b.path()).key("region").optStr(b.region()).key("retention").str(b.retention())
                .key("schedule").str(b.schedule()).key("targetType").str(wire(b.targetType())).end();
        c.key("health").begin().key("enabled").bool(o.health().enabled()).key("interval").num(o.health().interval().toSeconds())
                .key("timeout").num(o.health().timeout().toSeconds()).end();
        c.key("logging").begin().key("driver").str(wire(o.logging().driver())).key("level").str(wire(o.logging().level()))
                .key("retention").str(o.logging().retention()).end();
        c.key("metrics").begin().key("cadvisor").bool(o.metrics().cadvisor()).key("enabled").bool(o.metrics().enabled())
                .key("nodeExporter").bool(o.metrics().nodeExporter()).end();
        c.end();
    }

    private static void system(Canon c, ResolvedSystem s) {
        c.begin().key("basePackages").value(s.basePackages()).key("extraPackages").value(s.extraPackages())
                .key("locale").str(s.locale()).key("swap").str(s.swap()).key("timezone").str(s.timezone())
                .key("unattendedUpgrades").str(wire(s.unattendedUpgrades())).end();
    }

    private static String wire(Object value) {
        return value instanceof WireValue w ? w.wire() : String.valueOf(value);
    }

    /**
     * A canonical JSON writer. Fixed objects are written with their keys in ascending order by
     * the code above (checked as it goes, so a misordered key fails every test); open maps are
     * sorted here.
     */
    /** Per record class, its components by name: looked up once, not for every value written. */
    private static final ClassValue<RecordComponent[]> SORTED_COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            RecordComponent[] sorted = type.getRecordComponents();
            Arrays.sort(sorted, Comparator.comparing(RecordComponent::getName));
            return sorted;
        }
    };

    static final class Canon {
        private static final int FLUSH_AT = 1 << 16;
        private final Utf8Out out = new Utf8Out(FLUSH_AT + 1024);
        private final MessageDigest digest;
        private final String[] lastKey = new String[128];
        private final boolean[] first = new boolean[128];
        private int depth;

        /** Streams into {@code digest} when given (so large stacks never hold their whole text), else keeps the text. */
        Canon(MessageDigest digest) {
            this.digest = digest;
        }

        private void flushIfLarge() {
            if (digest != null && out.length() >= FLUSH_AT) {
                out.drainInto(digest);
            }
        }

        String hex() {
            out.drainInto(digest);
            return HexFormat.of().formatHex(digest.digest());
        }

        Canon begin() {
            writeKey();
            out.append('{');
            push();
            return this;
        }

        Canon end() {
            out.append('}');
            depth--;
            flushIfLarge();
            return this;
        }

        Canon beginList() {
            writeKey();
            out.append('[');
            push();
            return this;
        }

        Canon endList() {
            out.append(']');
            depth--;
            return this;
        }

        private void push() {
            depth++;
            lastKey[depth] = null;
            first[depth] = true;
        }

        Canon item() {
            if (!first[depth]) {
                out.append(',');
            }
            first[depth] = false;
            return this;
        }

        private String pendingKey;

        Canon key(String key) {
            String last = lastKey[depth];
            if (last != null && last.compareTo(key) >= 0) {
                throw new IllegalStateException("canonical keys out of order: " + last + " before " + key);
            }
            lastKey[depth] = key;
            pendingKey = key;
            return this;
        }

        private void writeKey() {
            if (pendingKey == null) {
                return;
            }
            if (!first[depth]) {
                out.append(',');
            }
            first[depth] = false;
            quote(pendingKey);
            out.append(':');
            pendingKey = null;
        }

        Canon str(String value) {
            if (value == null) {
                pendingKey = null;
                return this;
            }
            writeKey();
            quote(value);
            return this;
        }

        Canon optStr(String value) {
            return str(value);
        }

        Canon num(long value) {
            writeKey();
            out.append(value);
            return this;
        }

        Canon optNum(Integer value) {
            if (value == null) {
                pendingKey = null;
                return this;
            }
            return num(value);
        }

        Canon bool(boolean value) {
            writeKey();
            out.append(value);
            return this;
        }

        /** Any model value: maps sorted, records by component name, numbers normalised. */
        Canon value(Object v) {
            if (v == null || (v instanceof Map<?, ?> m && m.isEmpty()) || (v instanceof Collection<?> c && c.isEmpty())) {
                pendingKey = null;
                return this;
            }
            writeKey();
            raw(v);
            return this;
        }

        private void raw(Object v) {
            if (v == null) {
                out.append("null");
            } else if (v instanceof String s) {
                quote(s);
            } else if (v instanceof Boolean b) {
                out.append(b);
            } else if (v instanceof Number n) {
                out.append(number(n));
            } else if (v instanceof WireValue w) {
                quote(w.wire());
            } else if (v instanceof ByteSize || v instanceof CpuQuantity) {
                quote(v.toString());
            } else if (v instanceof Duration d) {
                out.append(d.toSeconds());
            } else if (v instanceof Optional<?> o) {
                raw(o.orElse(null));
            } else if (v instanceof Map<?, ?> m) {
                String[] keys = new String[m.size()];
                Object[] values = new Object[m.size()];
                int i = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    keys[i] = String.valueOf(e.getKey());
                    values[i++] = e.getValue();
                }
                sortByKey(keys, values);
                out.append('{');
                for (int k = 0; k < keys.length; k++) {
                    if (k > 0) {
                        out.append(',');
                    }
                    quote(keys[k]);
                    out.append(':');
                    raw(values[k]);
                }
                out.append('}');
            } else if (v instanceof Collection<?> list) {
                out.append('[');
                boolean firstItem = true;
                for (Object o : list) {
                    if (!firstItem) {
                        out.append(',');
                    }
                    firstItem = false;
                    raw(o);
                }
                out.append(']');
            } else if (v.getClass().isRecord()) {
                RecordComponent[] sorted = SORTED_COMPONENTS.get(v.getClass());
                out.append('{');
                boolean firstEntry = true;
                for (RecordComponent rc : sorted) {
                    Object value;
                    try {
                        value = rc.getAccessor().invoke(v);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot read " + rc, e);
                    }
                    if (value == null || (value instanceof Map<?, ?> m && m.isEmpty())
                            || (value instanceof Collection<?> c && c.isEmpty())) {
                        continue;
                    }
                    if (!firstEntry) {
                        out.append(',');
                    }
                    firstEntry = false;
                    quote(rc.getName());
                    out.append(':');
                    raw(value);
                }
                out.append('}');
            } else {
                quote(v.toString());
            }
        }

        /**
         * Sorts the entries of a map by key, keeping equal keys in their order. Most maps of a
         * spec have a handful of entries, where an insertion sort in place beats boxing an
         * index per entry.
         */
        private static void sortByKey(String[] keys, Object[] values) {
            int n = keys.length;
            if (n > 16) {
                Integer[] order = new Integer[n];
                for (int k = 0; k < n; k++) {
                    order[k] = k;
                }
                Arrays.sort(order, Comparator.comparing(k -> keys[k]));
                String[] sortedKeys = new String[n];
                Object[] sortedValues = new Object[n];
                for (int k = 0; k < n; k++) {
                    sortedKeys[k] = keys[order[k]];
                    sortedValues[k] = values[order[k]];
                }
                System.arraycopy(sortedKeys, 0, keys, 0, n);
                System.arraycopy(sortedValues, 0, values, 0, n);
                return;
            }
            for (int i = 1; i < n; i++) {
                String key = keys[i];
                Object value = values[i];
                int j = i - 1;
                while (j >= 0 && keys[j].compareTo(key) > 0) {
                    keys[j + 1] = keys[j];
                    values[j + 1] = values[j];
                    j--;
                }
                keys[j + 1] = key;
                values[j + 1] = value;
            }
        }

        private static String number(Number n) {
            if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
                return Long.toString(n.longValue());
            }
            if (n instanceof BigInteger b) {
                return b.toString();
            }
            BigDecimal d;
            if (n instanceof BigDecimal bd) {
                d = bd;
            } else {
                double x = n.doubleValue();
                if (Double.isNaN(x) || Double.isInfinite(x)) {
                    return "\"" + x + "\"";
                }
                d = BigDecimal.valueOf(x);
            }
            d = d.stripTrailingZeros();
            return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
        }

        private void quote(String s) {
            out.quoted(s);
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }

    /**
     * The canonical text as the UTF-8 bytes the digest takes, written in one pass: building a
     * string first and encoding it afterwards copied every character three more times, a good
     * part of the cost of hashing a large stack. Encodes exactly as {@link String#getBytes}
     * with UTF-8 does, a lone surrogate included (as {@code ?}), so the hash is the same.
     */
    static final class Utf8Out {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private byte[] buf;
        private int len;

        Utf8Out(int capacity) {
            buf = new byte[capacity];
        }

        int length() {
            return len;
        }

        private void ensure(int extra) {
            if (len + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
            }
        }

        Utf8Out append(char ascii) {
            ensure(1);
            buf[len++] = (byte) ascii;
            return this;
        }

        /** Text known to be ASCII: punctuation, numbers, {@code true}, {@code false}, {@code null}. */
        Utf8Out append(String ascii) {
            int n = ascii.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                buf[len++] = (byte) ascii.charAt(i);
            }
            return this;
        }

        Utf8Out append(long value) {
            return append(Long.toString(value));
        }

        Utf8Out append(boolean value) {
            return append(value ? "true" : "false");
        }

        /** {@code s} as a JSON string: quoted, with quotes, backslashes and control characters escaped. */
        void quoted(String s) {
            int n = s.length();
            ensure(n * 6 + 2);
            byte[] b = buf;
            int p = len;
            b[p++] = '"';
            for (int i = 0; i < n; i++) {
                char ch = s.charAt(i);
                if (ch < 0x80) {
                    if (ch >= 0x20 && ch != '"' && ch != '\\') {
                        b[p++] = (byte) ch;
                        continue;
                    }
                    b[p++] = '\\';
                    switch (ch) {
                        case '"' -> b[p++] = '"';
                        case '\\' -> b[p++] = '\\';
                        case '\n' -> b[p++] = 'n';
                        case '\r' -> b[p++] = 'r';
                        case '\t' -> b[p++] = 't';
                        default -> {
                            b[p++] = 'u';
                            b[p++] = '0';
                            b[p++] = '0';
                            b[p++] = HEX[ch >> 4];
                            b[p++] = HEX[ch & 0xF];
                        }
                    }
                } else if (ch < 0x800) {
                    b[p++] = (byte) (0xC0 | (ch >> 6));
                    b[p++] = (byte) (0x80 | (ch & 0x3F));
                } else if (Character.isSurrogate(ch)) {
                    if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        int cp = Character.toCodePoint(ch, s.charAt(++i));
                        b[p++] = (byte) (0xF0 | (cp >> 18));
                        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                        b[p++] = (byte) (0x80 | (cp & 0x3F));
                    } else {
                        b[p++] = '?';
                    }
                } else {
                    b[p++] = (byte) (0xE0 | (ch >> 12));
                    b[p++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (ch & 0x3F));
                }
            }
            b[p++] = '"';
            len = p;
        }

        void drainInto(MessageDigest digest) {
            digest.update(buf, 0, len);
            len = 0;
        }

        @Override
        public String toString() {
            return new String(buf, 0, len, StandardCharsets.UTF_8);
        }
    }
}
