package io.kombify.sim.cloud.hetzner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/**
 * The operations the fake serves, by method and path template as the API document names them
 * ({@code /servers/{id}/actions/poweron}). A path segment in braces matches any segment; a
 * literal segment wins over it ({@code /servers/actions} is not server "actions").
 */
final class Routes {
    private final List<Route> routes = new ArrayList<>();

    /** What a handler gets: the project, the path's parameters, the query and the body. */
    record Call(Cloud cloud, Map<String, String> params, Query query, String body) {
        /** A numeric path parameter; anything else names no resource: {@code 404 not_found}. */
        long id(String param, String what) {
            String v = params.get(param);
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw ApiException.notFound(what + " with ID '" + v + "' not found");
            }
        }

        long id(String what) {
            return id("id", what);
        }

        Body json() {
            return Body.of(body);
        }
    }

    /** A handler's answer: a status and a body, or no body ({@code 204}). */
    record Reply(int status, ObjectNode body) {
        static Reply ok(ObjectNode body) {
            return new Reply(200, body);
        }

        static Reply created(ObjectNode body) {
            return new Reply(201, body);
        }

        static Reply noContent() {
            return new Reply(204, null);
        }

        /** {@code {key: node}} with 200. */
        static Reply ok(String key, ObjectNode node) {
            return ok(Json.wrap(key, node));
        }
    }

    interface Handler {
        Reply handle(Call call);
    }

    /** An operation: method, path template (below {@code /v1}) and handler. */
    record Route(String method, String template, Handler handler) {
        String[] segments() {
            return template.substring(1).split("/");
        }
    }

    /** A route that matched a request, with the values of its path parameters. */
    record Match(Route route, Map<String, String> params) {
    }

    void add(String method, String template, Handler handler) {
        routes.add(new Route(method, template, handler));
    }

    List<Route> all() {
        return List.copyOf(routes);
    }

    /**
     * The route for a request path below {@code /v1}: {@code 404 not_found} when no template
     * matches the path, {@code 405} when templates match but none with this method.
     */
    Match match(String method, String path) {
        String[] parts = path.length() <= 1 ? new String[0] : path.substring(1).split("/", -1);
        Match best = null;
        int bestLiterals = -1;
        boolean pathKnown = false;
        for (Route r : routes) {
            String[] segments = r.segments();
            if (segments.length != parts.length) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            int literals = 0;
            boolean ok = true;
            for (int i = 0; i < segments.length && ok; i++) {
                if (segments[i].startsWith("{")) {
                    ok = !parts[i].isEmpty();
                    params.put(segments[i].substring(1, segments[i].length() - 1), parts[i]);
                } else {
                    ok = segments[i].equals(parts[i]);
                    literals++;
                }
            }
            if (!ok) {
                continue;
            }
            pathKnown = true;
            if (r.method().equals(method) && literals > bestLiterals) {
                best = new Match(r, params);
                bestLiterals = literals;
            }
        }
        if (best != null) {
            return best;
        }
        if (pathKnown) {
            throw new ApiException(405, "method_not_allowed", "method " + method + " is not allowed on " + path);
        }
        throw ApiException.notFound("no such API path: " + path);
    }
}
