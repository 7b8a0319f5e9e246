package io.kombify.sim.cloud.hetzner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;

/**
 * The kind of code a user tests against the fake (the guide's example): creates a server, retries
 * after a {@code 429} as {@code Retry-After} says, and waits for the server's actions.
 */
final class ExampleHetznerClient {
    private final URI endpoint;
    private final String token;

    ExampleHetznerClient(URI endpoint, String token) {
        this.endpoint = endpoint;
        this.token = token;
    }

    /** Creates a server, waits until it runs and returns its ID. */
    long createServer(String name, String type, String image) throws InterruptedException {
        JsonNode created = call("POST", "/servers",
                "{\"name\":\"" + name + "\",\"server_type\":\"" + type + "\",\"image\":\"" + image + "\"}");
        waitFor(created.path("action").path("id").asLong());
        for (JsonNode next : created.path("next_actions").values()) {
            waitFor(next.path("id").asLong());
        }
        return created.path("server").path("id").asLong();
    }

    private void waitFor(long action) throws InterruptedException {
        while (true) {
            String status = call("GET", "/actions/" + action, null).path("action").path("status").asString();
            if (status.equals("error")) {
                throw new IllegalStateException("action " + action + " failed");
            }
            if (status.equals("success")) {
                return;
            }
            Thread.sleep(10);
        }
    }

    private JsonNode call(String method, String path, String json) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + path).toURL().openConnection();
                c.setRequestMethod(method);
                c.setRequestProperty("Authorization", "Bearer " + token);
                if (json != null) {
                    c.setRequestProperty("Content-Type", "application/json");
                    c.setDoOutput(true);
                    try (OutputStream out = c.getOutputStream()) {
                        out.write(json.getBytes(StandardCharsets.UTF_8));
                    }
                }
                int status = c.getResponseCode();
                if (status == 429 && attempt < 5) {
                    Thread.sleep(1000L * Long.parseLong(c.getHeaderField("Retry-After")));
                    continue;
                }
                try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                    JsonNode body = Api.JSON.readTree(in);
                    if (status >= 400) {
                        throw new IllegalStateException(method + " " + path + ": " + body.path("error"));
                    }
                    return body;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
