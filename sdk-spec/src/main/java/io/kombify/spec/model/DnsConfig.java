package io.kombify.spec.model;

import java.util.List;

/**
 * DNS resolvers.
 *
 * @param servers resolvers; {@code null} when absent (then {@code 1.1.1.1} and {@code 8.8.8.8}),
 *                an empty list when the user wrote {@code []}
 * @param search  search domains
 */
public record DnsConfig(List<String> servers, List<String> search) {
    public DnsConfig {
        servers = Copies.nullableList(servers);
        search = Copies.list(search);
    }
}
