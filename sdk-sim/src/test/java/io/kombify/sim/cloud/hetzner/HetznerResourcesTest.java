package io.kombify.sim.cloud.hetzner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The resources' behaviour: servers and their actions, SSH keys, networks, firewalls, volumes and primary IPs. */
class HetznerResourcesTest {
    HetznerCloudFake fake;
    Api api;

    void start(int actionPolls) {
        fake = HetznerCloudFake.builder().clock(Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC))
                .actionPolls(actionPolls).start();
        api = new Api(fake);
    }

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    /** A resource as the project holds it now, without a request (which would poll its actions). */
    JsonNode held(String collection, long id) {
        return Api.JSON.readTree(fake.resources(collection).stream().filter(r -> r.id() == id).findFirst().orElseThrow().json());
    }

    static JsonNode fields(Api.Response r) {
        return r.body().path("error").path("details").path("fields");
    }

    // ------------------------------------------------------------------ servers and actions

    @Test
    void createsAServerThatRunsOnceItsActionsSucceed() {
        start(1);
        Api.Response created = api.post("/servers", """
                {"name":"web-1","server_type":"cx22","image":"debian-12","location":"nbg1","labels":{"env":"prod"}}""");

        assertThat(created.status()).isEqualTo(201);
        JsonNode server = created.body().path("server");
        assertThat(server.path("status").asString()).isEqualTo("initializing");
        assertThat(server.path("location").path("name").asString()).isEqualTo("nbg1");
        assertThat(server.path("datacenter").path("name").asString()).isEqualTo("nbg1-dc3");
        assertThat(server.path("image").path("name").asString()).isEqualTo("debian-12");
        assertThat(server.path("public_net").path("ipv4").path("ip").asString()).isEqualTo("203.0.113.1");
        assertThat(server.path("public_net").path("ipv6").path("ip").asString()).isEqualTo("2001:db8:1::/64");
        assertThat(server.path("labels").toString()).isEqualTo("{\"env\":\"prod\"}");
        assertThat(created.body().path("root_password").asString()).hasSize(20);
        JsonNode action = created.body().path("action");
        assertThat(action.path("command").asString()).isEqualTo("create_server");
        assertThat(action.path("status").asString()).isEqualTo("running");
        assertThat(action.path("resources").toString()).isEqualTo("[{\"id\":" + server.path("id") + ",\"type\":\"server\"}]");
        assertThat(Api.field(created.body().path("next_actions"), "command")).containsExactly("start_server");

        long id = server.path("id").asLong();
        assertThat(api.get("/actions/" + action.path("id")).body().path("action").path("status").asString()).isEqualTo("running");
        JsonNode done = api.get("/actions?id=" + action.path("id") + "&id=" + created.body().path("next_actions").get(0).path("id"))
                .body().path("actions");
        assertThat(Api.field(done, "status")).containsExactly("success", "running");
        assertThat(done.get(0).path("progress").asInt()).isEqualTo(100);
        assertThat(done.get(0).path("finished").asString()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(held("servers", id).path("status").asString()).isEqualTo("off");
        api.get("/servers/" + id + "/actions/" + created.body().path("next_actions").get(0).path("id"));
        assertThat(api.get("/servers/" + id).body().path("server").path("status").asString()).isEqualTo("running");
        assertThat(Api.field(api.get("/servers/" + id + "/actions").body().path("actions"), "command"))
                .containsExactly("create_server", "start_server");
    }

    @Test
    void anActionStaysRunningForTheConfiguredNumberOfReads() {
        start(3);
        long key = api.post("/ssh_keys", "{\"name\":\"k\",\"public_key\":\"" + Keys.ED25519 + "\"}").body().path("ssh_key").path("id").asLong();
        Api.Response created = api.post("/servers", "{\"name\":\"s\",\"server_type\":\"cx22\",\"image\":\"debian-12\",\"ssh_keys\":[\""
                + key + "\"],\"start_after_create\":false}");
        long action = created.body().path("action").path("id").asLong();

        assertThat(created.body().path("root_password").isNull()).isTrue();
        assertThat(created.body().path("next_actions").isEmpty()).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/servers/actions/" + action).body().path("action").path("status").asString()).isEqualTo("running");
        }
        assertThat(api.get("/servers/actions/" + action).body().path("action").path("status").asString()).isEqualTo("success");
        assertThat(fake.resources("servers").get(0).json()).contains("\"status\":\"off\"");
    }

    @Test
    void aPlannedActionFailureEndsInErrorAndChangesNothing() {
        start(0);
        fake.faults().failNextAction("create_server", "server_error", "could not place the server");
        Api.Response created = api.post("/servers", "{\"name\":\"s\",\"server_type\":\"cx22\",\"image\":\"debian-12\"}");
        long id = created.body().path("server").path("id").asLong();

        JsonNode action = api.waitFor(created.body().path("action").path("id").asLong(), 2);
        assertThat(action.path("status").asString()).isEqualTo("error");
        assertThat(action.path("error").toString()).isEqualTo("{\"code\":\"server_error\",\"message\":\"could not place the server\"}");
        assertThat(action.path("finished").isNull()).isFalse();
        api.waitFor(created.body().path("next_actions").get(0).path("id").asLong(), 2);
        assertThat(api.get("/servers/" + id).body().path("server").path("status").asString()).isEqualTo("initializing");

        // only the next action with that command fails
        long other = api.server("t", "");
        assertThat(api.get("/servers/" + other).body().path("server").path("status").asString()).isEqualTo("running");
    }

    @Test
    void aServerWhoseDeletionFailsStays() {
        start(0);
        long id = api.server("s", "");
        fake.faults().failNextAction("delete_server", "locked", "server is locked");

        Api.Response deleted = api.delete("/servers/" + id);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(api.waitFor(deleted.body().path("action").path("id").asLong(), 2).path("status").asString()).isEqualTo("error");
        assertThat(api.get("/servers/" + id).status()).isEqualTo(200);
        assertThat(api.delete("/servers/" + id).status()).isEqualTo(200);
        assertThat(api.get("/servers/" + id).status()).isEqualTo(404);
    }

    @Test
    void powerActionsChangeTheStatusWhenTheySucceed() {
        start(0);
        long id = api.server("s", "");

        Api.Response off = api.post("/servers/" + id + "/actions/poweroff", null);
        assertThat(off.status()).isEqualTo(201);
        assertThat(off.body().path("action").path("command").asString()).isEqualTo("stop_server");
        assertThat(held("servers", id).path("status").asString()).isEqualTo("running");
        api.waitFor(off.body().path("action").path("id").asLong(), 2);
        assertThat(api.get("/servers/" + id).body().path("server").path("status").asString()).isEqualTo("off");
        api.waitFor(api.post("/servers/" + id + "/actions/poweron", null).body().path("action").path("id").asLong(), 2);
        assertThat(api.get("/servers/" + id).body().path("server").path("status").asString()).isEqualTo("running");
        api.waitFor(api.post("/servers/" + id + "/actions/shutdown", null).body().path("action").path("id").asLong(), 2);
        assertThat(api.get("/servers/" + id).body().path("server").path("status").asString()).isEqualTo("off");
        assertThat(api.post("/servers/" + id + "/actions/reboot", null).body().path("action").path("command").asString())
                .isEqualTo("reboot_server");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void aClientThatPollsOnlyTheServerSeesItRunningAndItsActionsFinish(int polls) {
        start(polls);
        Api.Response created = api.post("/servers", "{\"name\":\"web-1\",\"server_type\":\"cx22\",\"image\":\"debian-12\"}");
        long id = created.body().path("server").path("id").asLong();
        long create = created.body().path("action").path("id").asLong();
        long start = created.body().path("next_actions").get(0).path("id").asLong();
        assertThat(created.body().path("next_actions").get(0).path("command").asString()).isEqualTo("start_server");

        List<String> seen = new ArrayList<>();
        for (int read = 0; read < polls + 1; read++) {
            seen.add(api.get("/servers/" + id).body().path("server").path("status").asString());
        }

        List<String> expected = new ArrayList<>(Collections.nCopies(polls, "initializing"));
        expected.add("running");
        assertThat(seen).as("status at each GET /servers/%d", id).isEqualTo(expected);
        JsonNode actions = api.get("/actions?id=" + create + "&id=" + start).body().path("actions");
        assertThat(Api.field(actions, "command")).containsExactly("create_server", "start_server");
        assertThat(Api.field(actions, "status")).containsExactly("success", "success");
    }

    @Test
    void aListThatIncludesAServerPollsItsActionsOncePerRequest() {
        start(2);
        long id = api.post("/servers", "{\"name\":\"web-1\",\"server_type\":\"cx22\",\"image\":\"debian-12\"}")
                .body().path("server").path("id").asLong();
        api.post("/servers", "{\"name\":\"web-2\",\"server_type\":\"cx22\",\"image\":\"debian-12\"}");

        // a list that leaves the server out does not poll its actions
        assertThat(api.get("/servers?name=web-2").body().path("servers").size()).isEqualTo(1);
        assertThat(api.get("/servers?name=web-2").body().path("servers").size()).isEqualTo(1);
        assertThat(api.get("/servers?name=web-2").body().path("servers").size()).isEqualTo(1);
        assertThat(held("servers", id).path("status").asString()).isEqualTo("initializing");
        // a list filtered by status polls the server it would have shown
        assertThat(Api.field(api.get("/servers?status=running").body().path("servers"), "name")).containsExactly("web-2");
        assertThat(api.get("/servers?name=web-1&status=running").body().path("servers").size()).isZero();
        JsonNode running = api.get("/servers?name=web-1&status=running").body().path("servers");
        assertThat(Api.field(running, "name")).containsExactly("web-1");
        assertThat(Api.field(api.get("/servers/" + id + "/actions").body().path("actions"), "status")).containsExactly("success", "success");
    }

    @Test
    void aServerWithoutRequiredFieldsIsInvalidInputNamingEachField() {
        start(1);
        Api.Response empty = api.post("/servers", "{}");
        Api.Response types = api.post("/servers", "{\"name\":42,\"server_type\":\"cx22\",\"image\":\"debian-12\",\"labels\":[]}");
        Api.Response unknown = api.post("/servers", "{\"name\":\"a\",\"server_type\":\"cx999\",\"image\":\"windows\",\"location\":\"mars\"}");

        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.code()).isEqualTo("invalid_input");
        assertThat(fields(empty).toString()).isEqualTo("[{\"name\":\"name\",\"messages\":[\"Missing data for required field.\"]},"
                + "{\"name\":\"server_type\",\"messages\":[\"Missing data for required field.\"]},"
                + "{\"name\":\"image\",\"messages\":[\"Missing data for required field.\"]}]");
        assertThat(empty.body().path("error").path("message").asString()).isEqualTo("invalid input in fields 'name', 'server_type', 'image'");
        assertThat(Api.field(fields(types), "name")).containsExactly("name", "labels");
        assertThat(fields(types).get(0).path("messages").get(0).asString()).isEqualTo("Not a valid string.");
        assertThat(Api.field(fields(unknown), "name")).containsExactly("server_type", "location");
        assertThat(fake.resources("servers")).isEmpty();
    }

    @Test
    void serverNamesMustBeHostnamesAndUnique() {
        start(1);
        api.server("web-1", "");

        Api.Response taken = api.post("/servers", "{\"name\":\"web-1\",\"server_type\":\"cx22\",\"image\":\"debian-12\"}");
        Api.Response invalid = api.post("/servers", "{\"name\":\"web_1!\",\"server_type\":\"cx22\",\"image\":\"debian-12\"}");
        Api.Response wrongPlace = api.post("/servers", "{\"name\":\"x\",\"server_type\":\"cx22\",\"image\":\"debian-12\",\"location\":\"ash\"}");
        Api.Response wrongArch = api.post("/servers", "{\"name\":\"y\",\"server_type\":\"cax11\",\"image\":\"114690387\"}");

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.code()).isEqualTo("uniqueness_error");
        assertThat(fields(taken).toString()).isEqualTo("[{\"name\":\"name\"}]");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(fields(invalid).get(0).path("name").asString()).isEqualTo("name");
        assertThat(wrongPlace.status()).isEqualTo(400);
        assertThat(fields(wrongPlace).get(0).path("messages").get(0).asString()).contains("not available in location ash");
        assertThat(wrongArch.status()).isEqualTo(400);
        assertThat(fields(wrongArch).get(0).path("name").asString()).isEqualTo("image");
        assertThat(fake.resources("servers")).hasSize(1);
    }

    @Test
    void updatesAndDeletesAServerReleasingWhatItHeld() {
        start(0);
        long volume = api.post("/volumes", "{\"name\":\"data\",\"size\":10,\"location\":\"fsn1\"}").body().path("volume").path("id").asLong();
        long firewall = api.post("/firewalls", "{\"name\":\"fw\"}").body().path("firewall").path("id").asLong();
        long id = api.server("s", "\"volumes\":[" + volume + "],\"firewalls\":[{\"firewall\":" + firewall + "}]");
        assertThat(api.get("/volumes/" + volume).body().path("volume").path("server").asLong()).isEqualTo(id);
        assertThat(api.get("/servers/" + id).body().path("server").path("public_net").path("firewalls").toString())
                .isEqualTo("[{\"id\":" + firewall + ",\"status\":\"applied\"}]");

        Api.Response updated = api.put("/servers/" + id, "{\"name\":\"renamed\",\"labels\":{\"a\":\"b\"}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().path("server").path("name").asString()).isEqualTo("renamed");
        assertThat(updated.body().path("server").path("labels").toString()).isEqualTo("{\"a\":\"b\"}");

        Api.Response deleted = api.delete("/servers/" + id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().path("action").path("command").asString()).isEqualTo("delete_server");
        assertThat(api.get("/servers/" + id).status()).isEqualTo(404);
        assertThat(api.get("/volumes/" + volume).body().path("volume").path("server").isNull()).isTrue();
        assertThat(fake.resources("primary_ips")).isEmpty();
        assertThat(api.get("/firewalls/" + firewall).body().path("firewall").path("applied_to").isEmpty()).isTrue();
        assertThat(api.delete("/servers/" + id).status()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ SSH keys

    @Test
    void sshKeysHaveAnMd5FingerprintAndUniqueNamesAndKeys() {
        start(1);
        Api.Response created = api.post("/ssh_keys", "{\"name\":\"me\",\"public_key\":\"" + Keys.ED25519 + "\",\"labels\":{\"team\":\"ops\"}}");

        assertThat(created.status()).isEqualTo(201);
        JsonNode key = created.body().path("ssh_key");
        assertThat(key.path("fingerprint").asString()).matches("([0-9a-f]{2}:){15}[0-9a-f]{2}");
        assertThat(api.get("/ssh_keys?fingerprint=" + key.path("fingerprint").asString()).body().path("ssh_keys").size()).isEqualTo(1);
        Api.Response sameKey = api.post("/ssh_keys", "{\"name\":\"other\",\"public_key\":\"" + Keys.ED25519 + "\"}");
        assertThat(sameKey.status()).isEqualTo(409);
        assertThat(fields(sameKey).toString()).isEqualTo("[{\"name\":\"public_key\"}]");
        assertThat(api.post("/ssh_keys", "{\"name\":\"me\",\"public_key\":\"" + Keys.ED25519_OTHER + "\"}").status()).isEqualTo(409);
        Api.Response garbage = api.post("/ssh_keys", "{\"name\":\"bad\",\"public_key\":\"ssh-ed25519 not-base64\"}");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(fields(garbage).get(0).path("name").asString()).isEqualTo("public_key");
        assertThat(api.put("/ssh_keys/" + key.path("id"), "{\"name\":\"renamed\"}").body().path("ssh_key").path("name").asString())
                .isEqualTo("renamed");
        assertThat(api.delete("/ssh_keys/" + key.path("id")).status()).isEqualTo(204);
        assertThat(fake.resources("ssh_keys")).isEmpty();
    }

    @Test
    void labelsMustFollowTheApisRules() {
        start(1);
        Api.Response r = api.post("/ssh_keys", "{\"name\":\"k\",\"public_key\":\"" + Keys.ED25519
                + "\",\"labels\":{\"-bad\":\"x\",\"ok\":\"also bad\",\"example.com/fine\":\"\"}}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(fields(r).get(0).path("name").asString()).isEqualTo("labels");
        assertThat(fields(r).get(0).path("messages").size()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ networks

    @Test
    void networksGiveServersAddressesFromTheirSubnets() {
        start(0);
        Api.Response created = api.post("/networks", """
                {"name":"lan","ip_range":"10.0.0.0/16","subnets":[{"type":"cloud","network_zone":"eu-central","ip_range":"10.0.1.0/24"}]}""");
        assertThat(created.status()).isEqualTo(201);
        long net = created.body().path("network").path("id").asLong();
        assertThat(created.body().path("network").path("subnets").get(0).path("gateway").asString()).isEqualTo("10.0.0.1");

        long a = api.server("a", "\"networks\":[" + net + "]");
        assertThat(api.get("/servers/" + a).body().path("server").path("private_net").get(0).path("ip").asString()).isEqualTo("10.0.1.1");
        long b = api.server("b", "\"location\":\"hel1\"");
        Api.Response attach = api.post("/servers/" + b + "/actions/attach_to_network", "{\"network\":" + net + ",\"ip\":\"10.0.1.9\"}");
        assertThat(attach.status()).isEqualTo(201);
        assertThat(held("networks", net).path("servers").toString()).isEqualTo("[" + a + "]");
        api.waitFor(attach.body().path("action").path("id").asLong(), 2);
        assertThat(api.get("/networks/" + net).body().path("network").path("servers").toString()).isEqualTo("[" + a + "," + b + "]");
        assertThat(api.post("/servers/" + b + "/actions/attach_to_network", "{\"network\":" + net + "}").code())
                .isEqualTo("server_already_attached");

        Api.Response inUse = api.post("/networks/" + net + "/actions/delete_subnet", "{\"ip_range\":\"10.0.1.0/24\"}");
        assertThat(inUse.status()).isEqualTo(422);
        assertThat(inUse.code()).isEqualTo("resource_in_use");
    }

    @Test
    void aPendingAttachToANetworkDeletedMeanwhileAttachesNothing() {
        start(1);
        Api.Response created = api.post("/networks", """
                {"name":"lan","ip_range":"10.0.0.0/16","subnets":[{"type":"cloud","network_zone":"eu-central","ip_range":"10.0.1.0/24"}]}""");
        long net = created.body().path("network").path("id").asLong();
        long s = api.server("s", "");
        Api.Response attach = api.post("/servers/" + s + "/actions/attach_to_network", "{\"network\":" + net + "}");
        assertThat(attach.status()).isEqualTo(201);

        assertThat(api.delete("/networks/" + net).status()).isEqualTo(204);
        api.waitFor(attach.body().path("action").path("id").asLong(), 3);

        assertThat(api.get("/networks/" + net).status()).isEqualTo(404);
        assertThat(api.get("/servers/" + s).body().path("server").path("private_net").size())
                .as("no private network for a network that is gone").isZero();
    }

    @Test
    void subnetsAreAddedAndDeletedByActions() {
        start(0);
        long net = api.post("/networks", "{\"name\":\"lan\",\"ip_range\":\"10.1.0.0/16\"}").body().path("network").path("id").asLong();

        Api.Response add = api.post("/networks/" + net + "/actions/add_subnet", "{\"type\":\"cloud\",\"network_zone\":\"eu-central\"}");
        assertThat(add.status()).isEqualTo(201);
        assertThat(add.body().path("action").path("command").asString()).isEqualTo("add_subnet");
        api.waitFor(add.body().path("action").path("id").asLong(), 2);
        assertThat(api.get("/networks/" + net).body().path("network").path("subnets").get(0).path("ip_range").asString())
                .isEqualTo("10.1.0.0/24");
        Api.Response overlap = api.post("/networks/" + net + "/actions/add_subnet",
                "{\"type\":\"cloud\",\"network_zone\":\"eu-central\",\"ip_range\":\"10.1.0.128/25\"}");
        assertThat(overlap.status()).isEqualTo(400);
        Api.Response outside = api.post("/networks/" + net + "/actions/add_subnet",
                "{\"type\":\"cloud\",\"network_zone\":\"eu-central\",\"ip_range\":\"192.168.0.0/24\"}");
        assertThat(outside.status()).isEqualTo(400);
        api.waitFor(api.post("/networks/" + net + "/actions/delete_subnet", "{\"ip_range\":\"10.1.0.0/24\"}")
                .body().path("action").path("id").asLong(), 2);
        assertThat(api.get("/networks/" + net).body().path("network").path("subnets").isEmpty()).isTrue();
        assertThat(api.post("/networks", "{\"name\":\"pub\",\"ip_range\":\"8.8.0.0/16\"}").status()).isEqualTo(400);
        assertThat(api.post("/networks", "{\"name\":\"lan\",\"ip_range\":\"10.2.0.0/16\"}").status()).isEqualTo(409);
    }

    // ------------------------------------------------------------------ firewalls

    @Test
    void firewallRulesAreCheckedAndReplacedBySetRules() {
        start(0);
        Api.Response created = api.post("/firewalls", """
                {"name":"web","rules":[{"direction":"in","protocol":"tcp","port":"443","source_ips":["0.0.0.0/0","::/0"]}]}""");
        assertThat(created.status()).isEqualTo(201);
        long id = created.body().path("firewall").path("id").asLong();
        assertThat(created.body().path("firewall").path("rules").toString()).isEqualTo("[{\"direction\":\"in\",\"protocol\":\"tcp\","
                + "\"port\":\"443\",\"source_ips\":[\"0.0.0.0/0\",\"::/0\"],\"destination_ips\":[],\"description\":null}]");
        assertThat(Api.field(created.body().path("actions"), "command")).containsExactly("set_firewall_rules");

        Api.Response bad = api.post("/firewalls/" + id + "/actions/set_rules", """
                {"rules":[{"direction":"in","protocol":"tcp","source_ips":["0.0.0.0/0"]},
                          {"direction":"sideways","protocol":"icmp","port":"1"},
                          {"direction":"in","protocol":"udp","port":"53","source_ips":["not-an-ip"]}]}""");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(fields(bad).get(0).path("messages").size()).isEqualTo(4);

        Api.Response set = api.post("/firewalls/" + id + "/actions/set_rules", "{\"rules\":[{\"direction\":\"out\",\"protocol\":\"icmp\",\"destination_ips\":[\"10.0.0.0/8\"]}]}");
        assertThat(set.status()).isEqualTo(201);
        assertThat(held("firewalls", id).path("rules").get(0).path("protocol").asString()).isEqualTo("tcp");
        api.waitFor(set.body().path("actions").get(0).path("id").asLong(), 2);
        assertThat(api.get("/firewalls/" + id).body().path("firewall").path("rules").get(0).path("protocol").asString()).isEqualTo("icmp");
    }

    @Test
    void firewallsApplyToServersAndLabelSelectors() {
        start(0);
        long web = api.server("web", "\"labels\":{\"role\":\"web\"}");
        long db = api.server("db", "\"labels\":{\"role\":\"db\"}");
        long fw = api.post("/firewalls", "{\"name\":\"fw\"}").body().path("firewall").path("id").asLong();

        Api.Response apply = api.post("/firewalls/" + fw + "/actions/apply_to_resources", """
                {"apply_to":[{"type":"label_selector","label_selector":{"selector":"role=web"}},{"type":"server","server":{"id":%d}}]}"""
                .formatted(db));
        assertThat(apply.status()).isEqualTo(201);
        assertThat(Api.field(apply.body().path("actions"), "command")).containsExactly("apply_firewall", "apply_firewall");
        apply.body().path("actions").values().forEach(a -> api.waitFor(a.path("id").asLong(), 2));

        JsonNode applied = api.get("/firewalls/" + fw).body().path("firewall").path("applied_to");
        assertThat(applied.get(0).path("applied_to_resources").toString()).isEqualTo("[{\"type\":\"server\",\"server\":{\"id\":" + web + "}}]");
        assertThat(api.get("/servers/" + web).body().path("server").path("public_net").path("firewalls").size()).isEqualTo(1);
        assertThat(api.post("/firewalls/" + fw + "/actions/apply_to_resources",
                "{\"apply_to\":[{\"type\":\"server\",\"server\":{\"id\":" + db + "}}]}").code()).isEqualTo("firewall_already_applied");
        assertThat(api.post("/firewalls/" + fw + "/actions/apply_to_resources",
                "{\"apply_to\":[{\"type\":\"server\",\"server\":{\"id\":999}}]}").code()).isEqualTo("firewall_resource_not_found");
        assertThat(api.post("/firewalls/" + fw + "/actions/remove_from_resources",
                "{\"remove_from\":[{\"type\":\"server\",\"server\":{\"id\":" + web + "}}]}").code())
                .isEqualTo("firewall_managed_by_label_selector");
        Api.Response inUse = api.delete("/firewalls/" + fw);
        assertThat(inUse.status()).isEqualTo(422);
        assertThat(inUse.code()).isEqualTo("resource_in_use");

        Api.Response remove = api.post("/firewalls/" + fw + "/actions/remove_from_resources", """
                {"remove_from":[{"type":"label_selector","label_selector":{"selector":"role=web"}},{"type":"server","server":{"id":%d}}]}"""
                .formatted(db));
        remove.body().path("actions").values().forEach(a -> api.waitFor(a.path("id").asLong(), 2));
        assertThat(api.delete("/firewalls/" + fw).status()).isEqualTo(204);
    }

    // ------------------------------------------------------------------ volumes

    @Test
    void volumesAttachAndDetachThroughActions() {
        start(0);
        long server = api.server("s", "");
        Api.Response created = api.post("/volumes", "{\"name\":\"data\",\"size\":20,\"location\":\"fsn1\",\"format\":\"ext4\"}");
        assertThat(created.status()).isEqualTo(201);
        long id = created.body().path("volume").path("id").asLong();
        assertThat(created.body().path("volume").path("status").asString()).isEqualTo("creating");
        assertThat(created.body().path("volume").path("linux_device").asString()).isEqualTo("/dev/disk/by-id/scsi-0HC_Volume_" + id);
        api.waitFor(created.body().path("action").path("id").asLong(), 2);
        assertThat(api.get("/volumes/" + id).body().path("volume").path("status").asString()).isEqualTo("available");

        Api.Response attach = api.post("/volumes/" + id + "/actions/attach", "{\"server\":" + server + "}");
        assertThat(attach.body().path("action").path("command").asString()).isEqualTo("attach_volume");
        api.waitFor(attach.body().path("action").path("id").asLong(), 2);
        assertThat(api.get("/servers/" + server).body().path("server").path("volumes").toString()).isEqualTo("[" + id + "]");
        assertThat(api.post("/volumes/" + id + "/actions/attach", "{\"server\":" + server + "}").code()).isEqualTo("volume_already_attached");
        assertThat(api.delete("/volumes/" + id).code()).isEqualTo("resource_in_use");

        fake.faults().failNextAction("detach_volume", "locked", "server is locked");
        JsonNode failed = api.waitFor(api.post("/volumes/" + id + "/actions/detach", null).body().path("action").path("id").asLong(), 2);
        assertThat(failed.path("error").path("code").asString()).isEqualTo("locked");
        assertThat(api.get("/volumes/" + id).body().path("volume").path("server").asLong()).isEqualTo(server);
        api.waitFor(api.post("/volumes/" + id + "/actions/detach", null).body().path("action").path("id").asLong(), 2);
        assertThat(api.get("/volumes/" + id).body().path("volume").path("server").isNull()).isTrue();
        assertThat(api.delete("/volumes/" + id).status()).isEqualTo(204);

        Api.Response small = api.post("/volumes", "{\"name\":\"tiny\",\"size\":1}");
        assertThat(Api.field(fields(small), "name")).containsExactly("size", "location");
    }

    @Test
    void volumesGrowThroughAResizeActionButNeverShrink() {
        start(1);
        Api.Response created = api.post("/volumes", "{\"name\":\"data\",\"size\":20,\"location\":\"fsn1\"}");
        long id = created.body().path("volume").path("id").asLong();
        api.waitFor(created.body().path("action").path("id").asLong(), 3);

        Api.Response resize = api.post("/volumes/" + id + "/actions/resize", "{\"size\":50}");
        assertThat(resize.status()).isEqualTo(201);
        assertThat(resize.body().path("action").path("command").asString()).isEqualTo("resize_volume");
        assertThat(api.get("/volumes/" + id).body().path("volume").path("size").asLong()).as("before the action succeeds").isEqualTo(20);
        api.waitFor(resize.body().path("action").path("id").asLong(), 3);
        assertThat(api.get("/volumes/" + id).body().path("volume").path("size").asLong()).isEqualTo(50);

        Api.Response smaller = api.post("/volumes/" + id + "/actions/resize", "{\"size\":30}");
        assertThat(smaller.status()).isEqualTo(400);
        assertThat(Api.field(fields(smaller), "name")).containsExactly("size");
        assertThat(fields(smaller).toString()).contains("greater than the current size of 50 GB");
        assertThat(api.post("/volumes/" + id + "/actions/resize", "{}").code()).isEqualTo("invalid_input");
        assertThat(api.post("/volumes/" + id + "/actions/resize", "{\"size\":20000}").code()).isEqualTo("invalid_input");
        assertThat(api.post("/volumes/404404/actions/resize", "{\"size\":60}").status()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ primary IPs

    @Test
    void primaryIpsAssignOnlyToStoppedServersWithoutOne() {
        start(0);
        long server = api.server("s", "\"public_net\":{\"enable_ipv4\":false,\"enable_ipv6\":true}");
        Api.Response created = api.post("/primary_ips", "{\"name\":\"ip\",\"type\":\"ipv4\",\"assignee_type\":\"server\",\"location\":\"fsn1\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().has("action")).isFalse();
        long ip = created.body().path("primary_ip").path("id").asLong();
        assertThat(created.body().path("primary_ip").path("ip").asString()).isEqualTo("203.0.113.1");

        Api.Response running = api.post("/primary_ips/" + ip + "/actions/assign", "{\"assignee_id\":" + server + ",\"assignee_type\":\"server\"}");
        assertThat(running.status()).isEqualTo(422);
        assertThat(running.code()).isEqualTo("server_not_stopped");
        api.waitFor(api.post("/servers/" + server + "/actions/poweroff", null).body().path("action").path("id").asLong(), 2);
        Api.Response assign = api.post("/primary_ips/" + ip + "/actions/assign", "{\"assignee_id\":" + server + ",\"assignee_type\":\"server\"}");
        assertThat(assign.status()).isEqualTo(201);
        api.waitFor(assign.body().path("action").path("id").asLong(), 2);
        assertThat(api.get("/servers/" + server).body().path("server").path("public_net").path("ipv4").path("ip").asString())
                .isEqualTo("203.0.113.1");
        assertThat(api.delete("/primary_ips/" + ip).code()).isEqualTo("must_be_unassigned");
        api.waitFor(api.post("/primary_ips/" + ip + "/actions/unassign", null).body().path("action").path("id").asLong(), 2);
        assertThat(api.get("/servers/" + server).body().path("server").path("public_net").path("ipv4").isNull()).isTrue();
        assertThat(api.delete("/primary_ips/" + ip).status()).isEqualTo(204);
    }

    @Test
    void aServerCanTakeAnExistingPrimaryIp() {
        start(0);
        long ip = api.post("/primary_ips", "{\"name\":\"keep\",\"type\":\"ipv4\",\"assignee_type\":\"server\",\"location\":\"hel1\"}")
                .body().path("primary_ip").path("id").asLong();

        long server = api.server("s", "\"location\":\"hel1\",\"public_net\":{\"ipv4\":" + ip + "}");
        assertThat(api.get("/primary_ips/" + ip).body().path("primary_ip").path("assignee_id").asLong()).isEqualTo(server);
        assertThat(api.post("/servers", "{\"name\":\"t\",\"server_type\":\"cx22\",\"image\":\"debian-12\",\"location\":\"hel1\","
                + "\"public_net\":{\"ipv4\":" + ip + "}}").code()).isEqualTo("primary_ip_assigned");
        api.delete("/servers/" + server);
        assertThat(api.get("/primary_ips/" + ip).body().path("primary_ip").path("assignee_id").isNull()).isTrue();
    }
}
