package io.kombify.sim.cloud.hetzner;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An asynchronous task of the fake. It starts {@code running}; each poll of it counts, and once
 * it has been polled running as often as the fake's {@code actionPolls} it finishes: its effect on
 * the project is applied and it reads {@code success}, or, when a fault was planned for its
 * command, it reads {@code error} with the planned error and changes nothing. A read of the action
 * is a poll, and so is a request that reads a resource it concerns (at most one poll per request).
 */
final class Action {
    private final long id;
    private final String command;
    private final List<Target> resources;
    private final Instant started;
    private final Runnable effect;
    private final Failure failure;
    private int readsLeft;
    private String status = "running";
    private Instant finished;
    private long polledIn = -1;

    /** A resource an action concerns. */
    record Target(String type, long id) {
    }

    /** A planned failure: the error the action ends with. */
    record Failure(String code, String message) {
    }

    Action(long id, String command, List<Target> resources, Instant started, int reads, Runnable effect, Failure failure) {
        this.id = id;
        this.command = command;
        this.resources = List.copyOf(resources);
        this.started = started;
        this.readsLeft = reads;
        this.effect = effect;
        this.failure = failure;
    }

    long id() {
        return id;
    }

    String command() {
        return command;
    }

    String status() {
        return status;
    }

    Instant started() {
        return started;
    }

    Instant finished() {
        return finished;
    }

    /** Whether a failure was planned for this action: it will end in error and change nothing. */
    boolean willFail() {
        return failure != null;
    }

    boolean concerns(String type) {
        return resources.stream().anyMatch(t -> t.type().equals(type));
    }

    boolean concerns(String type, long resourceId) {
        return resources.contains(new Target(type, resourceId));
    }

    /** A read of the action in request {@code request}: counts towards its completion, then renders it. */
    ObjectNode read(long request, Instant now) {
        poll(request, now);
        return json();
    }

    /**
     * A poll in request {@code request}: while running, counts towards the action's completion,
     * or finishes it when it has been polled often enough. Further polls in the same request do
     * not count.
     */
    void poll(long request, Instant now) {
        if (polledIn == request) {
            return;
        }
        polledIn = request;
        if (status.equals("running")) {
            if (readsLeft > 0) {
                readsLeft--;
            } else {
                finish(now);
            }
        }
    }

    private void finish(Instant now) {
        finished = now;
        if (failure != null) {
            status = "error";
        } else {
            status = "success";
            if (effect != null) {
                effect.run();
            }
        }
    }

    /** The action as it is now, without counting a read (for the response that started it). */
    ObjectNode json() {
        ObjectNode n = Json.object();
        n.put("id", id);
        n.put("command", command);
        n.put("status", status);
        n.put("progress", status.equals("running") ? 0 : 100);
        Json.putTime(n, "started", started);
        Json.putTime(n, "finished", finished);
        ArrayNode rs = n.putArray("resources");
        for (Target t : resources) {
            rs.addObject().put("id", t.id()).put("type", t.type());
        }
        if (status.equals("error")) {
            n.putObject("error").put("code", failure.code()).put("message", failure.message());
        } else {
            n.putNull("error");
        }
        return n;
    }
}
