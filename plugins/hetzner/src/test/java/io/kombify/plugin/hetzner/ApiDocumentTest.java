package io.kombify.plugin.hetzner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The check of requests against the API document finds what is wrong with a request, and only that. */
class ApiDocumentTest {

    private final ApiDocument api = ApiDocument.hcloud();

    @Test
    void aRequestAsTheDocumentDescribesItPasses() {
        ApiDocument.Check check = api.check("POST", "/servers", "",
                "{\"name\":\"web\",\"server_type\":\"cx22\",\"image\":\"debian-12\",\"networks\":[4],"
                        + "\"labels\":{\"kombify.io/stack\":\"lab\",\"kombify.io/resource\":\"machine.web\"}}",
                "application/json; charset=utf-8");
        assertThat(check.operation()).isEqualTo("POST /servers");
        assertThat(check.problems()).isEmpty();
        assertThat(api.check("GET", "/servers/42/actions", "status=running&page=2&per_page=50", "", "").problems()).isEmpty();
        assertThat(api.check("GET", "/servers/actions", "", "", "").operation()).isEqualTo("GET /servers/actions");
    }

    @Test
    void aBodyMissingARequiredFieldOrWithAnInvalidLabelFails() {
        assertThat(api.check("POST", "/servers", "", "{\"name\":\"web\",\"image\":\"debian-12\"}", "application/json").problems())
                .singleElement().asString().contains("server_type");
        assertThat(api.check("POST", "/ssh_keys", "", "{\"name\":\"k\",\"public_key\":\"ssh-ed25519 AAAA\","
                + "\"labels\":{\"kombify.io/resource\":\"ssh_key:lab\"}}", "application/json").problems())
                .singleElement().asString().contains("/labels/kombify.io~1resource", "pattern");
        assertThat(api.check("POST", "/networks/1/actions/add_subnet", "", "{\"type\":\"lan\",\"network_zone\":\"eu-central\"}",
                "application/json").problems()).singleElement().asString().contains("type");
    }

    @Test
    void aBodyWithAPropertyTheSchemaDoesNotDeclareFails() {
        assertThat(api.check("POST", "/servers", "", "{\"name\":\"web\",\"server_type\":\"cx22\",\"image\":\"debian-12\","
                + "\"start_after_craete\":true}", "application/json").problems())
                .singleElement().asString().contains("/start_after_craete", "not declared");
        assertThat(api.check("POST", "/firewalls/1/actions/set_rules", "", "{\"rules\":[{\"direction\":\"in\",\"protocol\":\"tcp\","
                + "\"port\":\"22\",\"source_ips\":[\"0.0.0.0/0\"],\"comment\":\"ssh\"}]}", "application/json").problems())
                .as("a property of an object in an array, through a $ref").singleElement().asString().contains("/rules/0/comment");
        assertThat(api.check("POST", "/servers", "", "{\"name\":\"web\",\"server_type\":\"cx22\",\"image\":\"debian-12\","
                + "\"labels\":{\"any-key\":\"v\"},\"public_net\":{\"enable_ipv4\":false}}", "application/json").problems())
                .as("label keys are free, nested declared objects pass").isEmpty();
    }

    @Test
    void unknownPathsMethodsAndQueryParametersFail() {
        assertThat(api.check("POST", "/servers/1/actions/teleport", "", "{}", "application/json").problems())
                .singleElement().asString().contains("no POST for /servers/{id}/actions/{action_id}");
        assertThat(api.check("GET", "/teleporters", "", "", "").problems()).singleElement().asString().contains("no path");
        assertThat(api.check("PATCH", "/servers/1", "", "{}", "application/json").problems())
                .singleElement().asString().contains("no PATCH");
        assertThat(api.check("GET", "/servers", "label-selector=a%3Db", "", "").problems())
                .singleElement().asString().contains("label-selector");
        assertThat(api.check("GET", "/actions", "", "", "").problems()).singleElement().asString().contains("required", "id");
        assertThat(api.check("GET", "/servers", "per_page=many", "", "").problems()).singleElement().asString().contains("integer");
        assertThat(api.check("GET", "/servers", "status=sleeping", "", "").problems()).singleElement().asString().contains("sleeping");
    }

    @Test
    void aBodyForAnOperationThatTakesNoneOrAJsonBodyOfAnotherTypeFails() {
        assertThat(api.check("POST", "/volumes/3/actions/detach", "", "{}", "application/json").problems())
                .singleElement().asString().contains("takes none");
        assertThat(api.check("POST", "/ssh_keys", "", "{\"name\":\"k\",\"public_key\":\"x\"}", "text/plain").problems())
                .singleElement().asString().contains("Content-Type");
    }
}
