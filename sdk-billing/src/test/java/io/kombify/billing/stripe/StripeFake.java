package io.kombify.billing.stripe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stateful fake of the part of Stripe's API the gateway uses, on 127.0.0.1. Its answers are
 * Stripe's published fixtures with the request's values filled in. Like Stripe, it replays the
 * first answer to a POST whose {@code Idempotency-Key} it has seen with the same path and
 * parameters, with {@code Idempotent-Replayed: true}, and answers 400 {@code idempotency_error}
 * when the key comes with another path or other parameters. Failures can be queued
 * ({@link #failNext}).
 */
final class StripeFake implements AutoCloseable {

    /** A request as the fake received it. */
    record Request(String method, String path, Map<String, String> params, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private record Answer(int status, String body) {
    }

    /** The first request with an idempotency key, and the answer Stripe keeps for it. */
    private record Idempotent(String path, Map<String, String> params, Answer answer) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Idempotent> idempotent = new HashMap<>();
    private final Deque<Answer> failures = new ArrayDeque<>();
    private final Map<String, ObjectNode> customers = new LinkedHashMap<>();
    private final List<ObjectNode> subscriptions = new ArrayList<>();
    private final List<ObjectNode> invoices = new ArrayList<>();
    private long ids;
    private long clock = 1_700_000_000L;

    private StripeFake() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static StripeFake start() throws IOException {
        return new StripeFake();
    }

    /** The address to give the gateway as its API base. */
    URI apiBase() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> posts() {
        return requests.stream().filter(r -> r.method().equals("POST")).toList();
    }

    /** The next request is answered with this status and Stripe error object instead. */
    synchronized void failNext(int status, String type, String code, String message) {
        ObjectNode body = StripeFixtures.JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("type", type);
        if (code != null) {
            error.put("code", code);
        }
        if (code != null && code.equals("card_declined")) {
            error.put("decline_code", "insufficient_funds");
        }
        error.put("message", message);
        failures.add(new Answer(status, StripeFixtures.JSON.writeValueAsString(body)));
    }

    /** Adds a subscription of {@code customer} to what the fake lists. */
    synchronized void addSubscription(ObjectNode subscription, long created) {
        subscription.put("created", created);
        subscriptions.add(subscription);
    }

    /** Adds an invoice of {@code customer} to what the fake lists. */
    synchronized void addInvoice(ObjectNode invoice, long created) {
        invoice.put("created", created);
        invoices.add(invoice);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Map<String, String> params = new LinkedHashMap<>(form(exchange.getRequestURI().getRawQuery()));
            try (InputStream in = exchange.getRequestBody()) {
                params.putAll(form(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            Request request = new Request(method, path, params, headers);
            requests.add(request);
            Answer answer;
            boolean replayed = false;
            synchronized (this) {
                String key = request.header("Idempotency-Key");
                Idempotent first = method.equals("POST") && key != null ? idempotent.get(key) : null;
                if (first != null && first.path().equals(path) && first.params().equals(params)) {
                    answer = first.answer();
                    replayed = true;
                } else if (first != null) {
                    answer = idempotencyError(key);
                } else if (!failures.isEmpty()) {
                    answer = failures.poll();
                } else {
                    answer = route(request);
                    if (method.equals("POST") && key != null && answer.status() < 500) {
                        idempotent.put(key, new Idempotent(path, Map.copyOf(params), answer));
                    }
                }
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Request-Id", "req_fake_" + requests.size());
            if (replayed) {
                exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
            }
            if (answer.status() >= 500) {
                exchange.getResponseHeaders().add("Stripe-Should-Retry", "true");
            }
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stripe's answer to a key reused with other parameters. */
    private static Answer idempotencyError(String key) {
        ObjectNode body = StripeFixtures.JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("type", "idempotency_error");
        error.put("message", "Keys for idempotent requests can only be used with the same parameters they were first "
                + "used with. Try using a key other than '" + key + "' if you meant to execute a different request.");
        return new Answer(400, StripeFixtures.JSON.writeValueAsString(body));
    }

    private Answer route(Request r) {
        String p = r.path();
        if (r.method().equals("POST") && p.equals("/v1/customers")) {
            ObjectNode c = StripeFixtures.of("customer");
            c.put("id", "cus_fake_" + (++ids));
            c.put("created", ++clock);
            c.put("email", r.params().get("email"));
            c.put("name", r.params().get("name"));
            c.set("metadata", metadata(r.params(), "metadata"));
            c.putNull("discount");
            customers.put(c.get("id").asString(), c);
            return ok(c);
        }
        if (r.method().equals("GET") && p.equals("/v1/customers/search")) {
            Matcher m = Pattern.compile("metadata\\['kombify_org'\\]:'([^']*)'").matcher(r.params().getOrDefault("query", ""));
            ArrayNode data = StripeFixtures.JSON.createArrayNode();
            if (m.matches()) {
                for (ObjectNode c : customers.values()) {
                    if (m.group(1).equals(c.get("metadata").path("kombify_org").asString(null))) {
                        data.add(c);
                    }
                }
            }
            ObjectNode result = StripeFixtures.JSON.createObjectNode();
            result.put("object", "search_result");
            result.set("data", data);
            result.put("has_more", false);
            result.put("url", "/v1/customers/search");
            return ok(result);
        }
        if (r.method().equals("POST") && p.equals("/v1/checkout/sessions")) {
            ObjectNode s = StripeFixtures.of("checkout.session");
            String id = "cs_test_fake_" + (++ids);
            s.put("id", id);
            s.put("url", "https://checkout.stripe.com/c/pay/" + id);
            s.put("mode", r.params().get("mode"));
            s.put("customer", r.params().get("customer"));
            s.put("client_reference_id", r.params().get("client_reference_id"));
            s.put("success_url", r.params().get("success_url"));
            s.put("cancel_url", r.params().get("cancel_url"));
            s.put("created", ++clock);
            s.put("expires_at", clock + 86_400);
            s.set("metadata", metadata(r.params(), "metadata"));
            return ok(s);
        }
        if (r.method().equals("POST") && p.equals("/v1/billing_portal/sessions")) {
            ObjectNode s = StripeFixtures.of("billing_portal.session");
            String id = "bps_fake_" + (++ids);
            s.put("id", id);
            s.put("customer", r.params().get("customer"));
            s.put("return_url", r.params().get("return_url"));
            s.put("url", "https://billing.stripe.com/p/session/" + id);
            return ok(s);
        }
        if (r.method().equals("GET") && p.equals("/v1/subscriptions")) {
            return ok(list(subscriptions, r.params().get("customer"), "/v1/subscriptions"));
        }
        if (r.method().equals("GET") && p.equals("/v1/invoices")) {
            return ok(list(invoices, r.params().get("customer"), "/v1/invoices"));
        }
        ObjectNode body = StripeFixtures.JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("type", "invalid_request_error");
        error.put("message", "Unrecognized request URL (" + r.method() + ": " + p + ")");
        return new Answer(404, StripeFixtures.JSON.writeValueAsString(body));
    }

    private static ObjectNode list(List<ObjectNode> all, String customer, String url) {
        ArrayNode data = StripeFixtures.JSON.createArrayNode();
        all.stream().filter(o -> customer == null || customer.equals(o.path("customer").asString(null)))
                .sorted((a, b) -> Long.compare(b.path("created").asLong(), a.path("created").asLong()))
                .forEach(data::add);
        ObjectNode list = StripeFixtures.JSON.createObjectNode();
        list.put("object", "list");
        list.set("data", data);
        list.put("has_more", false);
        list.put("url", url);
        return list;
    }

    private static ObjectNode metadata(Map<String, String> params, String prefix) {
        ObjectNode m = StripeFixtures.JSON.createObjectNode();
        params.forEach((k, v) -> {
            if (k.startsWith(prefix + "[") && k.endsWith("]")) {
                m.put(k.substring(prefix.length() + 1, k.length() - 1), v);
            }
        });
        return m;
    }

    private static Answer ok(ObjectNode body) {
        return new Answer(200, StripeFixtures.JSON.writeValueAsString(body));
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.put(k, v);
        }
        return result;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
