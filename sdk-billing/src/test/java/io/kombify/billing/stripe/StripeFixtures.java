package io.kombify.billing.stripe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stripe's published fixtures ({@code openapi/fixtures3.json}), read from the upstream reference
 * data at test time: every body the fake answers with and every event the tests sign starts from
 * one of them.
 */
final class StripeFixtures {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNode RESOURCES = load();

    private StripeFixtures() {
    }

    private static JsonNode load() {
        String property = System.getProperty("kombify.upstream");
        Path root = property != null ? Path.of(property) : Path.of("..", "..", "shared", "upstream");
        Path file = root.resolve("stripe").resolve("fixtures3.json");
        try {
            return JSON.readTree(Files.readString(file)).get("resources");
        } catch (IOException e) {
            throw new IllegalStateException("Stripe's fixtures not found at " + file
                    + "; set -Dkombify.upstream=/path/to/shared/upstream", e);
        }
    }

    /** A fresh copy of the fixture of {@code resource}, such as {@code subscription} or {@code checkout.session}. */
    static ObjectNode of(String resource) {
        JsonNode node = RESOURCES.get(resource);
        if (node == null) {
            throw new IllegalArgumentException("no fixture for " + resource);
        }
        return (ObjectNode) node.deepCopy();
    }

    /** A subscription fixture with our values. */
    static ObjectNode subscription(String id, String customer, String status, String priceId, String org) {
        ObjectNode s = of("subscription");
        s.put("id", id);
        s.put("customer", customer);
        s.put("status", status);
        s.put("cancel_at_period_end", false);
        ObjectNode metadata = s.putObject("metadata");
        if (org != null) {
            metadata.put("kombify_org", org);
        }
        ObjectNode item = (ObjectNode) s.get("items").get("data").get(0);
        item.put("subscription", id);
        item.put("current_period_start", 1_700_000_000L);
        item.put("current_period_end", 1_702_592_000L);
        ((ObjectNode) item.get("price")).put("id", priceId);
        return s;
    }

    /** An invoice fixture of a subscription. */
    static ObjectNode invoice(String id, String customer, String subscription, String status) {
        ObjectNode i = of("invoice");
        i.put("id", id);
        i.put("customer", customer);
        i.put("status", status);
        ObjectNode parent = i.putObject("parent");
        parent.put("type", "subscription_details");
        parent.putNull("quote_details");
        ObjectNode details = parent.putObject("subscription_details");
        details.putObject("metadata");
        details.put("subscription", subscription);
        return i;
    }

    /** An event fixture carrying {@code object}. */
    static String event(String id, String type, long created, ObjectNode object) {
        ObjectNode e = of("event");
        e.put("id", id);
        e.put("type", type);
        e.put("created", created);
        e.put("api_version", com.stripe.Stripe.API_VERSION);
        ObjectNode data = e.putObject("data");
        data.set("object", object);
        return JSON.writeValueAsString(e);
    }
}
