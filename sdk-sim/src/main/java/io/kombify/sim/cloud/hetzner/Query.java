package io.kombify.sim.cloud.hetzner;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The query parameters of a request; a parameter may be given several times ({@code ?id=1&id=2}). */
final class Query {
    private final Map<String, List<String>> values;

    private Query(Map<String, List<String>> values) {
        this.values = values;
    }

    static Query parse(String raw) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return new Query(values);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_input", "the query string is not correctly encoded: " + s);
        }
    }

    /** The first value of the parameter, or {@code null}. */
    String first(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Every value of the parameter; values given as a comma-separated list count one by one. */
    List<String> all(String name) {
        List<String> out = new ArrayList<>();
        for (String v : values.getOrDefault(name, List.of())) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** An integer parameter; anything else is {@code 400 invalid_input} on that parameter. */
    Long integer(String name) {
        String v = first(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.invalidField(name, "Not a valid integer.");
        }
    }
}
