package io.kombify.spec;

import io.kombify.core.Diagnostic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A spec with five independent mistakes gets all five back from one validation. */
class FiveErrorsTest {
    private static final String SPEC = """
            name: Home_Lab
            nodes:
              - name: nas
                type: main
                provider: local
                resources:
                  memory: 8GB
              - name: pi
                type: edge
                provider: aws
            services:
              - name: nextcloud
                type: storage
                needs: [postgress]
                config: {image: "nextcloud:29"}
              - name: postgres
                type: database
                config: {image: "postgres:16"}
            network:
              internal:
                subnet: 100.64.0.0/10
            """;

    @Test
    void reportsAllFiveMistakesInDocumentOrder() {
        ValidationResult result = SpecValidator.create().validate(SpecReader.defaults().readString("kombination.yaml", SPEC));

        assertThat(result.valid()).isFalse();
        assertThat(result.errors())
                .extracting(Diagnostic::code, Diagnostic::path, Diagnostic::line, Diagnostic::column)
                .containsExactly(
                        tuple("SPEC_NAME_INVALID", "/name", 1, 7),
                        tuple("SPEC_PATTERN_MISMATCH", "/nodes/0/resources/memory", 7, 15),
                        tuple("NODE_EDGE_PROVIDER", "/nodes/1/provider", 10, 15),
                        tuple("SERVICE_NEEDS_UNKNOWN", "/services/0/needs/0", 14, 13),
                        tuple("NETWORK_SUBNET_NOT_PRIVATE", "/network/internal/subnet", 21, 13));
        assertThat(result.errors()).extracting(Diagnostic::message).containsExactly(
                "`Home_Lab` is not a valid name: use 2 to 63 lower-case letters, digits and `-`, starting with a letter and ending with a letter or digit",
                "`8GB` is not a valid `memory`: expected a value such as `4Gi`",
                "edge node `pi` cannot use provider `aws`: edge nodes run on `local` or `docker`",
                "service `nextcloud` needs `postgress`, which is not defined",
                "internal subnet `100.64.0.0/10` is not allowed: it is not a private (RFC 1918) network");
        assertThat(result.errors()).extracting(Diagnostic::hint).containsExactly(
                "try `home-lab`",
                "`memory` must match ^[0-9]+(Mi|Gi)$",
                "set `provider: local` (or `docker`), or make the node a `main` or `worker` node",
                "did you mean `postgres`?",
                "use a private block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, such as `10.20.0.0/16`");
    }
}
