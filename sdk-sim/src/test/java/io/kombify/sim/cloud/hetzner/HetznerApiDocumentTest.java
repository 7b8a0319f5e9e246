package io.kombify.sim.cloud.hetzner;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake against the published API document ({@code hetzner/hcloud.json}): every operation it
 * serves is one the document describes, and what it answers in a tour of the main operations has
 * a documented status and validates against the documented response schema.
 */
class HetznerApiDocumentTest {
    private static final String DOCUMENT_ID = "https://api.hetzner.cloud/openapi/hcloud.json";
    private static JsonNode document;
    private static SchemaRegistry registry;

    private final HetznerCloudFake fake = HetznerCloudFake.builder().actionPolls(0).start();
    private final Api api = new Api(fake);
    private final List<Exchange> exchanges = new ArrayList<>();

    /** A request of the tour and the fake's answer. */
    record Exchange(String method, String path, Api.Response response) {
    }

    @BeforeAll
    static void readDocument() throws IOException {
        String text = Files.readString(Upstream.hcloudDocument());
        document = Api.JSON.readTree(text);
        registry = SchemaRegistry.withDialect(Dialects.getOpenApi30(), b -> b.schemas(Map.of(DOCUMENT_ID, text)));
    }

    private static Schema root;

    /** The documented schema of an operation's answer with that status key ({@code 200}, {@code 4xx}). */
    private static Schema responseSchema(String template, String method, String status) {
        NodePath path = new NodePath(PathType.JSON_POINTER).append("paths").append(template).append(method)
                .append("responses").append(status).append("content").append("application/json").append("schema");
        return root().getSubSchema(path);
    }

    private static synchronized Schema root() {
        if (root == null) {
            root = registry.getSchema(SchemaLocation.of(DOCUMENT_ID));
        }
        return root;
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void everyOperationServedIsInTheDocument() {
        List<String> served = HetznerCloudFake.routes().all().stream().map(r -> r.method() + " " + r.template()).toList();
        List<String> missing = served.stream().filter(op -> {
            String[] parts = op.split(" ");
            return !document.path("paths").path(parts[1]).has(parts[0].toLowerCase(Locale.ROOT));
        }).toList();

        assertThat(served).hasSizeGreaterThan(80).doesNotHaveDuplicates();
        assertThat(missing).as("operations served that hcloud.json does not describe").isEmpty();
    }

    @Test
    void answersOfTheMainOperationsHaveTheDocumentedStatusAndShape() {
        tour();

        List<String> problems = new ArrayList<>();
        Map<String, Schema> schemas = new HashMap<>();
        TreeSet<String> operations = new TreeSet<>();
        for (Exchange e : exchanges) {
            String template = template(e.method(), e.path());
            if (template == null) {
                problems.add(e.method() + " " + e.path() + ": no such operation in the document");
                continue;
            }
            operations.add(e.method() + " " + template);
            JsonNode responses = document.path("paths").path(template).path(e.method().toLowerCase(Locale.ROOT)).path("responses");
            String status = String.valueOf(e.response().status());
            String key = responses.has(status) ? status : status.charAt(0) + "xx";
            if (!responses.has(key)) {
                problems.add(e.method() + " " + e.path() + ": status " + status + " is not documented (documented: "
                        + responses.propertyNames() + ")");
                continue;
            }
            JsonNode content = responses.path(key).path("content");
            if (content.isMissingNode()) {
                if (!e.response().text().isEmpty()) {
                    problems.add(e.method() + " " + e.path() + ": " + status + " has no documented body but one was sent");
                }
                continue;
            }
            String method = e.method().toLowerCase(Locale.ROOT);
            Schema schema = schemas.computeIfAbsent(method + " " + template + " " + key, k -> responseSchema(template, method, key));
            List<Error> errors = schema.validate(e.response().body());
            for (Error error : errors) {
                problems.add(e.method() + " " + e.path() + " -> " + status + ": " + error);
            }
        }

        assertThat(problems).as("answers that break the document").isEmpty();
        assertThat(operations).as("operations covered").hasSizeGreaterThanOrEqualTo(60);
    }

    @Test
    void theCheckCatchesAnswersThatBreakTheDocument() {
        long server = api.server("web-1", "");
        ObjectNode body = (ObjectNode) api.get("/servers/" + server).body();
        Schema schema = responseSchema("/servers/{id}", "get", "200");
        assertThat(schema.validate(body)).isEmpty();

        ObjectNode broken = body.deepCopy();
        ((ObjectNode) broken.get("server")).put("status", "sleeping").remove("public_net");
        ((ObjectNode) broken.get("server").get("image")).put("id", "one");
        assertThat(schema.validate(broken)).extracting(Error::toString).hasSize(3)
                .anySatisfy(m -> assertThat(m).contains("public_net"))
                .anySatisfy(m -> assertThat(m).contains("status"))
                .anySatisfy(m -> assertThat(m).contains("/server/image/id"));
    }

    private Api.Response call(String method, String path, String body) {
        Api.Response r = api.send(method, path, body);
        exchanges.add(new Exchange(method, path, r));
        return r;
    }

    private long id(Api.Response r, String field) {
        return r.body().path(field).path("id").asLong();
    }

    /** A tour of every resource: create, read, list, update, act, fail, delete. */
    private void tour() {
        for (String c : List.of("locations", "datacenters", "server_types", "images")) {
            Api.Response list = call("GET", "/" + c, null);
            long first = list.body().path(c).get(0).path("id").asLong();
            call("GET", "/" + c + "/" + first, null);
        }
        long key = id(call("POST", "/ssh_keys", "{\"name\":\"me\",\"public_key\":\"" + Keys.ED25519 + "\",\"labels\":{\"a\":\"b\"}}"), "ssh_key");
        call("GET", "/ssh_keys?label_selector=a%3Db", null);
        call("GET", "/ssh_keys/" + key, null);
        call("PUT", "/ssh_keys/" + key, "{\"name\":\"me2\"}");
        call("POST", "/ssh_keys", "{\"name\":\"me2\",\"public_key\":\"" + Keys.ED25519 + "\"}");

        long net = id(call("POST", "/networks", "{\"name\":\"lan\",\"ip_range\":\"10.0.0.0/16\",\"routes\":[{\"destination\":\"10.100.0.0/24\","
                + "\"gateway\":\"10.0.0.5\"}],\"subnets\":[{\"type\":\"cloud\",\"network_zone\":\"eu-central\",\"ip_range\":\"10.0.1.0/24\"}]}"), "network");
        call("GET", "/networks/" + net, null);
        call("PUT", "/networks/" + net, "{\"labels\":{\"env\":\"prod\"}}");
        call("POST", "/networks/" + net + "/actions/add_subnet", "{\"type\":\"cloud\",\"network_zone\":\"eu-central\",\"ip_range\":\"10.0.2.0/24\"}");
        call("POST", "/networks/" + net + "/actions/add_route", "{\"destination\":\"10.200.0.0/24\",\"gateway\":\"10.0.0.6\"}");
        call("POST", "/networks/" + net + "/actions/delete_route", "{\"destination\":\"10.100.0.0/24\",\"gateway\":\"10.0.0.5\"}");

        long fw = id(call("POST", "/firewalls", "{\"name\":\"fw\",\"rules\":[{\"direction\":\"in\",\"protocol\":\"tcp\",\"port\":\"22\","
                + "\"source_ips\":[\"0.0.0.0/0\"],\"description\":\"ssh\"}]}"), "firewall");
        call("GET", "/firewalls?sort=name:desc", null);
        call("PUT", "/firewalls/" + fw, "{\"name\":\"fw2\"}");

        Api.Response created = call("POST", "/servers", "{\"name\":\"web-1\",\"server_type\":\"cx22\",\"image\":\"debian-12\",\"location\":\"fsn1\","
                + "\"ssh_keys\":[\"me2\"],\"networks\":[" + net + "],\"firewalls\":[{\"firewall\":" + fw + "}],\"labels\":{\"role\":\"web\"},"
                + "\"user_data\":\"#cloud-config\\n\"}");
        long server = id(created, "server");
        call("GET", "/actions/" + created.body().path("action").path("id").asLong(), null);
        call("GET", "/actions?id=" + created.body().path("next_actions").get(0).path("id").asLong(), null);
        call("POST", "/servers", "{}");
        call("POST", "/servers", "{\"name\":\"web-1\",\"server_type\":\"cx22\",\"image\":\"debian-12\"}");
        call("GET", "/servers", null);
        call("GET", "/servers?label_selector=role%3Dweb&page=1&per_page=1", null);
        call("GET", "/servers/" + server, null);
        call("GET", "/servers/404404", null);
        call("PUT", "/servers/" + server, "{\"labels\":{\"role\":\"web\",\"tier\":\"1\"}}");
        call("GET", "/networks", null);
        call("POST", "/firewalls/" + fw + "/actions/set_rules", "{\"rules\":[{\"direction\":\"out\",\"protocol\":\"udp\",\"port\":\"53\","
                + "\"destination_ips\":[\"0.0.0.0/0\"]}]}");
        call("POST", "/firewalls/" + fw + "/actions/apply_to_resources", "{\"apply_to\":[{\"type\":\"label_selector\",\"label_selector\":"
                + "{\"selector\":\"role=web\"}}]}");
        call("GET", "/firewalls/" + fw, null);
        call("GET", "/firewalls/" + fw + "/actions", null);
        call("POST", "/firewalls/" + fw + "/actions/remove_from_resources", "{\"remove_from\":[{\"type\":\"server\",\"server\":{\"id\":" + server + "}}]}");

        long volume = id(call("POST", "/volumes", "{\"name\":\"data\",\"size\":10,\"location\":\"fsn1\",\"format\":\"xfs\"}"), "volume");
        Api.Response attach = call("POST", "/volumes/" + volume + "/actions/attach", "{\"server\":" + server + ",\"automount\":false}");
        call("GET", "/volumes/actions/" + attach.body().path("action").path("id").asLong(), null);
        call("GET", "/volumes/" + volume, null);
        call("GET", "/volumes", null);
        call("PUT", "/volumes/" + volume, "{\"name\":\"data2\"}");
        call("POST", "/volumes/" + volume + "/actions/resize", "{\"size\":20}");
        call("POST", "/volumes/" + volume + "/actions/resize", "{\"size\":5}");
        call("GET", "/volumes/" + volume + "/actions", null);
        call("POST", "/volumes/" + volume + "/actions/detach", null);
        call("GET", "/volumes/actions", null);
        call("POST", "/volumes", "{\"name\":\"with-server\",\"size\":10,\"server\":" + server + "}");

        Api.Response ip = call("POST", "/primary_ips", "{\"name\":\"ip\",\"type\":\"ipv6\",\"assignee_type\":\"server\",\"datacenter\":\"fsn1-dc14\"}");
        long ipId = id(ip, "primary_ip");
        call("GET", "/primary_ips", null);
        call("GET", "/primary_ips/" + ipId, null);
        call("PUT", "/primary_ips/" + ipId, "{\"auto_delete\":true}");
        call("POST", "/primary_ips/" + ipId + "/actions/assign", "{\"assignee_id\":" + server + ",\"assignee_type\":\"server\"}");
        Api.Response off = call("POST", "/servers/" + server + "/actions/poweroff", null);
        call("GET", "/servers/" + server + "/actions/" + off.body().path("action").path("id").asLong(), null);
        call("GET", "/servers/actions?status=success&sort=finished:desc", null);
        Api.Response other = call("POST", "/servers", "{\"name\":\"db-1\",\"server_type\":\"cpx11\",\"image\":\"ubuntu-24.04\","
                + "\"start_after_create\":false,\"public_net\":{\"enable_ipv4\":true,\"enable_ipv6\":false}}");
        long db = id(other, "server");
        call("GET", "/actions/" + other.body().path("action").path("id").asLong(), null);
        Api.Response assign = call("POST", "/primary_ips/" + ipId + "/actions/assign", "{\"assignee_id\":" + db + ",\"assignee_type\":\"server\"}");
        call("GET", "/primary_ips/actions/" + assign.body().path("action").path("id").asLong(), null);
        call("GET", "/primary_ips/" + ipId + "/actions", null);
        call("POST", "/primary_ips/" + ipId + "/actions/unassign", null);
        call("GET", "/primary_ips/actions", null);
        call("GET", "/primary_ips/" + ipId + "/actions/" + assign.body().path("action").path("id").asLong(), null);
        call("POST", "/servers/" + db + "/actions/poweron", null);
        call("POST", "/servers/" + db + "/actions/shutdown", null);
        call("POST", "/servers/" + db + "/actions/reboot", null);
        call("POST", "/servers/" + db + "/actions/reset", null);
        call("POST", "/servers/" + db + "/actions/attach_to_network", "{\"network\":" + net + "}");
        call("POST", "/servers/" + server + "/actions/detach_from_network", "{\"network\":" + net + "}");
        call("GET", "/servers/" + server + "/actions", null);
        call("GET", "/networks/" + net + "/actions", null);
        call("GET", "/networks/actions", null);
        call("GET", "/firewalls/actions", null);
        call("GET", "/images/" + Catalog.IMAGES.get(0).id() + "/actions", null);
        call("POST", "/networks/" + net + "/actions/delete_subnet", "{\"ip_range\":\"10.0.2.0/24\"}");

        call("DELETE", "/servers/" + server, null);
        call("DELETE", "/servers/" + db, null);
        call("DELETE", "/volumes/" + volume, null);
        call("DELETE", "/primary_ips/" + ipId, null);
        call("DELETE", "/firewalls/" + fw, null);
        call("DELETE", "/networks/" + net, null);
        call("DELETE", "/ssh_keys/" + key, null);
        call("GET", "/ssh_keys", null);
    }

    /** The document's path template for a request path: literal segments win over parameters. */
    private static String template(String method, String path) {
        String[] parts = path.split("\\?")[0].substring(1).split("/");
        String best = null;
        int bestLiterals = -1;
        for (Iterator<String> it = document.path("paths").propertyNames().iterator(); it.hasNext(); ) {
            String t = it.next();
            if (!document.path("paths").path(t).has(method.toLowerCase(Locale.ROOT))) {
                continue;
            }
            String[] segments = t.substring(1).split("/");
            if (segments.length != parts.length) {
                continue;
            }
            int literals = 0;
            boolean ok = true;
            for (int i = 0; i < segments.length && ok; i++) {
                if (segments[i].startsWith("{")) {
                    continue;
                }
                ok = segments[i].equals(parts[i]);
                literals++;
            }
            if (ok && literals > bestLiterals) {
                best = t;
                bestLiterals = literals;
            }
        }
        return best;
    }
}
