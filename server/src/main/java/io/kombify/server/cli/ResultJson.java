package io.kombify.server.cli;

import io.kombify.deploy.ApplyResult;
import io.kombify.deploy.AttributeChange;
import io.kombify.deploy.DriftItem;
import io.kombify.deploy.DriftReport;
import io.kombify.deploy.StepFailure;
import io.kombify.spec.PlainJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON forms of apply results and drift reports ({@code --format json}), written like the
 * other commands' JSON; each ends with a line break.
 */
final class ResultJson {
    private ResultJson() {
    }

    static String of(ApplyResult r) {
        List<Object> failures = new ArrayList<>();
        for (StepFailure f : r.failures()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("address", f.id().toString());
            n.put("action", f.action().name());
            n.put("code", f.code());
            n.put("message", f.message());
            n.put("attempts", f.attempts());
            failures.add(n);
        }
        return result(r.status().name(), r.created(), r.updated(), r.deleted(), r.skipped(), r.recovered(),
                r.state().serial(), r.elapsed().toMillis(), failures);
    }

    /** The result of an apply or destroy that had nothing to do, in the form of {@link #of(ApplyResult)}. */
    static String nothingToDo(long serial) {
        return result("SUCCEEDED", 0, 0, 0, 0, 0, serial, 0, List.of());
    }

    private static String result(String status, int created, int updated, int deleted, int skipped, int recovered,
                                 long serial, long elapsedMillis, List<Object> failures) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("status", status);
        o.put("created", created);
        o.put("updated", updated);
        o.put("deleted", deleted);
        o.put("skipped", skipped);
        o.put("recovered", recovered);
        o.put("serial", serial);
        o.put("elapsedMillis", elapsedMillis);
        o.put("failures", failures);
        return PlainJson.pretty(o);
    }

    static String of(DriftReport d) {
        List<Object> items = new ArrayList<>();
        for (DriftItem i : d.items()) {
            List<Object> changes = new ArrayList<>();
            for (AttributeChange c : i.changes()) {
                Map<String, Object> cn = new LinkedHashMap<>();
                cn.put("path", c.path());
                cn.put("recorded", c.before());
                cn.put("actual", c.after());
                changes.add(cn);
            }
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("address", i.id().toString());
            n.put("kind", i.kind().name());
            n.put("changes", changes);
            items.add(n);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("stack", d.stack());
        o.put("checked", d.checked());
        o.put("drift", d.hasDrift());
        o.put("items", items);
        return PlainJson.pretty(o);
    }
}
