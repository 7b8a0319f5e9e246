package io.kombify.sim.cloud.hetzner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Lists: pagination, label selectors, the name filter, sorting and the other filters. */
class HetznerListsTest {
    HetznerCloudFake fake;
    Api api;

    @BeforeEach
    void start() {
        fake = HetznerCloudFake.builder().clock(Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC)).start();
        api = new Api(fake);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private void networks(int count) {
        for (int i = 1; i <= count; i++) {
            String labels = switch (i % 3) {
                case 0 -> "{\"env\":\"prod\",\"tier\":\"web\"}";
                case 1 -> "{\"env\":\"staging\"}";
                default -> "{\"env\":\"prod\",\"tier\":\"db\",\"backup\":\"\"}";
            };
            assertThat(api.post("/networks", "{\"name\":\"net-" + i + "\",\"ip_range\":\"10." + i + ".0.0/16\",\"labels\":"
                    + labels + "}").status()).isEqualTo(201);
        }
    }

    private List<String> names(String path) {
        Api.Response r = api.get(path);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return Api.field(r.body().path("networks"), "name");
    }

    @Test
    void paginatesWithTheMetaOfEveryPage() {
        networks(7);

        JsonNode first = api.get("/networks?per_page=3").body();
        JsonNode second = api.get("/networks?page=2&per_page=3").body();
        JsonNode last = api.get("/networks?page=3&per_page=3").body();
        JsonNode beyond = api.get("/networks?page=4&per_page=3").body();

        assertThat(Api.field(first.path("networks"), "name")).containsExactly("net-1", "net-2", "net-3");
        assertThat(first.path("meta").path("pagination").toString())
                .isEqualTo("{\"page\":1,\"per_page\":3,\"previous_page\":null,\"next_page\":2,\"last_page\":3,\"total_entries\":7}");
        assertThat(Api.field(second.path("networks"), "name")).containsExactly("net-4", "net-5", "net-6");
        assertThat(second.path("meta").path("pagination").toString())
                .isEqualTo("{\"page\":2,\"per_page\":3,\"previous_page\":1,\"next_page\":3,\"last_page\":3,\"total_entries\":7}");
        assertThat(Api.field(last.path("networks"), "name")).containsExactly("net-7");
        assertThat(last.path("meta").path("pagination").path("next_page").isNull()).isTrue();
        assertThat(beyond.path("networks").isEmpty()).isTrue();
    }

    @Test
    void pagesHold25ByDefaultAndAtMost50() {
        for (int i = 0; i < 60; i++) {
            api.post("/ssh_keys", "{\"name\":\"key-" + i + "\",\"public_key\":\"" + Keys.ed25519(i) + "\"}");
        }

        JsonNode byDefault = api.get("/ssh_keys").body();
        JsonNode capped = api.get("/ssh_keys?per_page=500").body();

        assertThat(byDefault.path("ssh_keys").size()).isEqualTo(25);
        assertThat(byDefault.path("meta").path("pagination").path("last_page").asInt()).isEqualTo(3);
        assertThat(capped.path("ssh_keys").size()).isEqualTo(50);
        assertThat(capped.path("meta").path("pagination").path("per_page").asInt()).isEqualTo(50);
        assertThat(capped.path("meta").path("pagination").path("total_entries").asInt()).isEqualTo(60);
    }

    @Test
    void aPageBelowOneOrNotANumberIsInvalidInput() {
        Api.Response zero = api.get("/networks?page=0");
        Api.Response word = api.get("/networks?per_page=many");

        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.code()).isEqualTo("invalid_input");
        assertThat(zero.body().path("error").path("details").path("fields").get(0).path("name").asString()).isEqualTo("page");
        assertThat(word.status()).isEqualTo(400);
        assertThat(word.body().path("error").path("details").path("fields").get(0).path("name").asString()).isEqualTo("per_page");
    }

    @Test
    void labelSelectorsSupportEqualityExistenceAndSets() {
        networks(6);

        assertThat(names("/networks?label_selector=env%3Dprod")).containsExactly("net-2", "net-3", "net-5", "net-6");
        assertThat(names("/networks?label_selector=env%3D%3Dstaging")).containsExactly("net-1", "net-4");
        assertThat(names("/networks?label_selector=env%21%3Dprod")).containsExactly("net-1", "net-4");
        assertThat(names("/networks?label_selector=tier")).containsExactly("net-2", "net-3", "net-5", "net-6");
        assertThat(names("/networks?label_selector=%21tier")).containsExactly("net-1", "net-4");
        assertThat(names("/networks?label_selector=env%3Dprod,tier%3Dweb")).containsExactly("net-3", "net-6");
        assertThat(names("/networks?label_selector=tier%20in%20(web,cache)")).containsExactly("net-3", "net-6");
        assertThat(names("/networks?label_selector=tier%20notin%20(web)")).containsExactly("net-1", "net-2", "net-4", "net-5");
        assertThat(names("/networks?label_selector=backup")).containsExactly("net-2", "net-5");
    }

    @Test
    void aMalformedLabelSelectorIsInvalidInput() {
        Api.Response r = api.get("/networks?label_selector=env%3D%3D%3Dprod");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("invalid_input");
        assertThat(r.body().path("error").path("details").path("fields").get(0).path("name").asString()).isEqualTo("label_selector");
    }

    @Test
    void filtersByExactName() {
        networks(12);

        assertThat(names("/networks?name=net-1")).containsExactly("net-1");
        assertThat(names("/networks?name=net")).isEmpty();
    }

    @Test
    void sortsByTheRequestedFieldsThenById() {
        networks(3);

        assertThat(names("/networks?sort=name:desc")).containsExactly("net-3", "net-2", "net-1");
        assertThat(names("/networks?sort=id:desc")).containsExactly("net-3", "net-2", "net-1");
        assertThat(names("/networks?sort=created&sort=name:desc")).containsExactly("net-3", "net-2", "net-1");
        Api.Response bad = api.get("/networks?sort=size");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("error").path("details").path("fields").get(0).path("messages").get(0).asString())
                .contains("sort by created, id, name");
    }

    @Test
    void listsTheCatalogueWithItsFilters() {
        assertThat(Api.field(api.get("/server_types?name=cx22").body().path("server_types"), "name")).containsExactly("cx22");
        assertThat(Api.field(api.get("/images?name=debian-12&architecture=arm").body().path("images"), "id"))
                .containsExactly("114690389");
        assertThat(api.get("/images?type=snapshot").body().path("images").isEmpty()).isTrue();
        assertThat(api.get("/datacenters").body().path("recommendation").asLong()).isEqualTo(4);
        assertThat(Api.field(api.get("/locations?sort=name").body().path("locations"), "name"))
                .containsExactly("ash", "fsn1", "hel1", "nbg1");
        assertThat(api.get("/server_types?sort=name").status()).isEqualTo(400);
    }

    @Test
    void filtersServersByStatus() {
        long running = api.server("up", "");
        api.post("/servers", "{\"name\":\"down\",\"server_type\":\"cx22\",\"image\":\"debian-12\",\"start_after_create\":false}");

        assertThat(Api.field(api.get("/servers?status=running").body().path("servers"), "name")).containsExactly("up");
        assertThat(Api.field(api.get("/servers?status=initializing&status=off").body().path("servers"), "name"))
                .containsExactly("down");
        assertThat(running).isPositive();
    }
}
