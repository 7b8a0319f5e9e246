package io.kombify.sim.cloud.hetzner;

import java.util.Objects;

/**
 * A request the {@link HetznerCloudFake} received, in arrival order, so that a test can check
 * what its client sent. The {@code Authorization} header is never kept.
 *
 * @param method      the HTTP method, such as {@code POST}
 * @param path        the path as sent, with the API's prefix: {@code /v1/servers/42}
 * @param query       the raw query string without {@code ?}, empty when there is none
 * @param body        the request body as text, empty when there is none; a long one is cut (see
 *                    {@link HetznerCloudFake#requests()})
 * @param contentType the {@code Content-Type} header, empty when there is none
 * @param status      the status the fake answered with
 */
public record FakeRequest(String method, String path, String query, String body, String contentType, int status) {
    public FakeRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = query == null ? "" : query;
        body = body == null ? "" : body;
        contentType = contentType == null ? "" : contentType;
    }

    /** The path below the API's {@code /v1} prefix, as the API document names it: {@code /servers/42}. */
    public String apiPath() {
        return path.startsWith(HetznerCloudFake.PREFIX + "/") ? path.substring(HetznerCloudFake.PREFIX.length()) : path;
    }

    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " -> " + status;
    }
}
