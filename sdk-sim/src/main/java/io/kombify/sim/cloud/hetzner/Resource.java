package io.kombify.sim.cloud.hetzner;

import java.time.Instant;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/** A named resource of the fake's project: what lists filter, sort and render. */
interface Resource {
    long id();

    String name();

    Map<String, String> labels();

    Instant created();

    /** The resource as the API renders it. */
    ObjectNode json();
}
