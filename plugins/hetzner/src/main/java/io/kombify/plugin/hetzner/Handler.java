package io.kombify.plugin.hetzner;

import io.kombify.deploy.Attributes;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.UpdateRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How the provider handles one resource type that is one object in one collection of the API
 * ({@code /servers}, {@code /ssh_keys}, ...). The shared part: a create first looks for an object
 * carrying the create's idempotency key and, if there is one, adopts it (see {@link #adopt}); a
 * read of an object that is gone is empty; a lookup searches by the key's label.
 *
 * <p>What a read reports: the recorded attributes, with those the API can show replaced by what
 * it shows ({@link #observe}); attributes only kombify knows (a node's role, a key's file path)
 * stay as recorded, since nothing at Hetzner can drift from them.
 */
abstract class Handler implements TypeHandler {

    final HetznerClient api;
    final References refs;

    Handler(HetznerClient api, References refs) {
        this.api = api;
        this.refs = refs;
    }


    /** The API collection, such as {@code servers}. */
    abstract String collection();

    /** The key of one object in the API's answers, such as {@code server}. */
    abstract String singular();

    /** Whether objects of this collection have actions ({@code /servers/{id}/actions}). */
    boolean hasActions() {
        return true;
    }

    /** Makes the object; called when no object carries the create's key yet. */
    abstract Map<String, Object> make(CreateRequest request, Attrs attrs);

    /**
     * Changes the object in place. {@code changed} names the attributes whose desired value differs
     * from the recorded one or from what the object shows now (a change made outside kombify that
     * an apply repairs arrives with nothing changed against the record).
     */
    abstract void change(UpdateRequest request, Map<String, Object> current, Attrs desired, Set<String> changed);

    /**
     * The attributes as the object shows them: {@code recorded} with every attribute the API can
     * show replaced by its value (those {@code recorded} lacks only if {@code lookup} is true).
     * Where what the object shows means what was recorded (an image named by its id, a label
     * value Hetzner holds hashed), the recorded value is kept.
     */
    abstract Map<String, Object> observe(Map<String, Object> object, Map<String, Object> recorded, boolean lookup, String stack);

    /** What dependents may use: the id and what the API computed. */
    abstract Map<String, Object> outputs(Map<String, Object> object);

    @Override
    public ResourceState create(CreateRequest request) {
        String stack = request.context().stack();
        Optional<Map<String, Object>> earlier = byKey(stack, request.idempotencyKey());
        Map<String, Object> object;
        if (earlier.isPresent()) {
            try {
                object = adopt(earlier.get());
            } catch (ProviderException e) {
                throw HetznerClient.notRetried(e);
            }
        } else {
            object = make(request, new Attrs(request.id(), request.attributes()));
        }
        return state(object, withoutSensitive(request.attributes(), request.sensitive()), false, stack);
    }

    /**
     * The object an earlier create with the same key made, such as one whose answer was lost,
     * once the actions still running on it have ended. When one of them failed, or one had
     * already failed, the object is removed as {@link #make} removes it, and the action's failure
     * is thrown (not retried): the next apply makes it anew instead of taking a broken object for
     * finished.
     */
    Map<String, Object> adopt(Map<String, Object> object) {
        if (!hasActions()) {
            return object;
        }
        long id = Json.id(object);
        awaitOrUndo(object, () -> api.awaitRunning(collection(), id));
        Optional<Map<String, Object>> failed = api.failedAction(collection(), id);
        if (failed.isPresent()) {
            throw undo(object, HetznerClient.actionFailed(failed.get()));
        }
        return reread(object);
    }

    @Override
    public Optional<ResourceState> read(ReadRequest request) {
        return api.find(collection() + "/" + numericId(request.id(), request.providerId()), singular())
                .map(o -> state(o, request.recorded(), false, request.context().stack()));
    }

    @Override
    public ResourceState update(UpdateRequest request) {
        long id = numericId(request.id(), request.providerId());
        Map<String, Object> current = api.find(collection() + "/" + id, singular()).orElseThrow(() ->
                new ProviderException(ErrorKind.NOT_FOUND, singular() + " " + id + " of " + request.id()
                        + " is gone from Hetzner Cloud; plan again to create it anew"));
        String stack = request.context().stack();
        Map<String, Object> shown = Attributes.normalize(observe(current, request.desired(), false, stack));
        Set<String> changed = new TreeSet<>(request.changed());
        request.desired().forEach((k, v) -> {
            if (!request.sensitive().contains(k) && !Objects.equals(v, shown.get(k))) {
                changed.add(k);
            }
        });
        changed.retainAll(support().updatableAttributes());
        if (!changed.isEmpty()) {
            try {
                change(request, current, new Attrs(request.id(), request.desired()), changed);
            } catch (ProviderException e) {
                throw HetznerClient.notRetried(e);
            }
        }
        Map<String, Object> now = api.find(collection() + "/" + id, singular()).orElse(current);
        return state(now, withoutSensitive(request.desired(), request.sensitive()), false, stack);
    }

    @Override
    public void delete(DeleteRequest request) {
        long id = numericId(request.id(), request.providerId());
        Optional<Map<String, Object>> current = api.find(collection() + "/" + id, singular());
        if (current.isEmpty()) {
            return;
        }
        remove(current.get());
    }

    /** Deletes an object that exists. */
    void remove(Map<String, Object> object) {
        Map<String, Object> answer = api.delete(collection() + "/" + Json.id(object));
        if (Json.hasObj(answer, "action")) {
            api.await(Json.obj(answer, "action"));
        }
    }

    /**
     * What a create with the key made. An object whose create action failed is removed, as the
     * create would have removed it, and is not reported: nothing usable was made.
     */
    @Override
    public Optional<ResourceState> lookup(LookupRequest request) {
        String stack = request.context().stack();
        Optional<Map<String, Object>> found = byKey(stack, request.idempotencyKey());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (hasActions()) {
            Optional<Map<String, Object>> failed = api.failedAction(collection(), Json.id(found.get()));
            if (failed.isPresent()) {
                remove(reread(found.get()));
                return Optional.empty();
            }
        }
        return Optional.of(state(found.get(), Map.of(), true, stack));
    }

    /** Every object of the stack in this collection. */
    List<Map<String, Object>> ofStack(String stack) {
        return api.list(collection(), collection(), "label_selector", Labels.byStack(stack));
    }

    @Override
    public List<String> inventory(String stack) {
        return ofStack(stack).stream().map(o -> String.valueOf(Json.id(o))).toList();
    }

    ResourceState state(Map<String, Object> object, Map<String, Object> recorded, boolean lookup, String stack) {
        return new ResourceState(String.valueOf(Json.id(object)), observe(object, recorded, lookup, stack), outputs(object));
    }

    Map<String, Object> reread(Map<String, Object> object) {
        return api.find(collection() + "/" + Json.id(object), singular()).orElse(object);
    }

    /** The newest object of this collection carrying the key of a create in the stack. */
    Optional<Map<String, Object>> byKey(String stack, String idempotencyKey) {
        return Json.newest(api.list(collection(), collection(), "label_selector", Labels.byKey(stack, idempotencyKey)));
    }

    /**
     * Runs the waits of a create that has made {@code object}: when one of its actions fails,
     * the object is removed ({@link #undo}) and the failure rethrown.
     */
    void awaitOrUndo(Map<String, Object> object, Runnable waits) {
        try {
            waits.run();
        } catch (ProviderException e) {
            if (HetznerClient.ACTION_FAILED.equals(e.code())) {
                throw undo(object, e);
            }
            throw e;
        }
    }

    /**
     * Removes the object a create made before its remaining steps failed, so a failed create
     * leaves nothing behind that a retry with the same key would take for finished; the
     * failure is rethrown.
     */
    RuntimeException undo(Map<String, Object> object, RuntimeException failure) {
        try {
            remove(reread(object));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    static long numericId(ResourceId id, String providerId) {
        try {
            return Long.parseLong(providerId);
        } catch (NumberFormatException e) {
            throw new ProviderException(ErrorKind.INVALID, "the provider id of " + id + " is '" + providerId
                    + "', not a Hetzner Cloud id");
        }
    }

    /**
     * The user labels the object carries, when the recorded attributes have labels or the object
     * has any: decoded, or as recorded where Hetzner holds what the recorded label becomes.
     */
    static void observeLabels(Map<String, Object> attributes, Map<String, Object> object, Map<String, Object> recorded) {
        Map<String, Object> user = Labels.observeUserLabels(Json.obj(object, "labels"), recorded.get("labels"));
        if (recorded.containsKey("labels") || !user.isEmpty()) {
            attributes.put("labels", user);
        }
    }

    /** The object's labels with the user's part replaced by the desired labels; kombify's own stay. */
    static Map<String, String> relabel(ResourceId id, Map<String, Object> object, Map<String, Object> desired,
                                       ProviderContext context) {
        Map<String, String> labels = new TreeMap<>(Labels.own(Json.obj(object, "labels")));
        labels.putAll(Labels.forResource(id, desired, context));
        return labels;
    }

    static Map<String, Object> withoutSensitive(Map<String, Object> attributes, Set<String> sensitive) {
        if (sensitive.isEmpty()) {
            return attributes;
        }
        Map<String, Object> copy = new LinkedHashMap<>(attributes);
        sensitive.forEach(copy::remove);
        return copy;
    }

    /** The name of an object's location, from {@code location} or (older answers) {@code datacenter.location}. */
    static Optional<String> locationOf(Map<String, Object> object) {
        Optional<String> direct = Json.str(Json.obj(object, "location"), "name");
        return direct.isPresent() ? direct : Json.str(Json.obj(Json.obj(object, "datacenter"), "location"), "name");
    }
}
