package io.kombify.sim.cloud.hetzner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the fake, as a test talks to it: bearer token, JSON in and out. */
final class Api {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI endpoint;
    private final String token;

    /** An answer: status, body (a missing node for none), the body's text and the headers. */
    record Response(int status, JsonNode body, String text, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> name.equalsIgnoreCase(e.getKey()))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        /** The error code of an error answer. */
        String code() {
            return body.path("error").path("code").asString();
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    Api(HetznerCloudFake fake) {
        this(fake.endpoint(), fake.token());
    }

    Api(URI endpoint, String token) {
        this.endpoint = endpoint;
        this.token = token;
    }

    /** One field of every element of an array, as text. */
    static List<String> field(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.values().forEach(e -> values.add(e.path(field).asString()));
        return values;
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response post(String path, String json) {
        return send("POST", path, json);
    }

    Response put(String path, String json) {
        return send("PUT", path, json);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    Response send(String method, String path, String json) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + path).toURL().openConnection();
            c.setConnectTimeout(5000);
            c.setReadTimeout(10000);
            c.setRequestMethod(method);
            if (token != null) {
                c.setRequestProperty("Authorization", "Bearer " + token);
            }
            if (json != null) {
                c.setRequestProperty("Content-Type", "application/json");
                c.setDoOutput(true);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(json.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (in != null) {
                in.close();
            }
            JsonNode body = text.isEmpty() ? JSON.missingNode() : JSON.readTree(text);
            return new Response(status, body, text, c.getHeaderFields());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
    /** Reads the action until it is no longer running; fails after {@code max} reads. */
    JsonNode waitFor(long actionId, int max) {
        for (int i = 0; i < max; i++) {
            JsonNode a = get("/actions/" + actionId).body().path("action");
            if (!a.path("status").asString().equals("running")) {
                return a;
            }
        }
        throw new AssertionError("action " + actionId + " still running after " + max + " reads");
    }

    /** Creates a server and waits for its actions; returns the server's ID. */
    long server(String name, String extraJson) {
        Response r = post("/servers", "{\"name\":\"" + name + "\",\"server_type\":\"cx22\",\"image\":\"debian-12\""
                + (extraJson.isEmpty() ? "" : "," + extraJson) + "}");
        if (r.status() != 201) {
            throw new AssertionError("server not created: " + r);
        }
        waitFor(r.body().path("action").path("id").asLong(), 10);
        for (JsonNode next : r.body().path("next_actions").values()) {
            waitFor(next.path("id").asLong(), 10);
        }
        return r.body().path("server").path("id").asLong();
    }
}
