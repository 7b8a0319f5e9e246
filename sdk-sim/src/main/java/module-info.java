/**
 * The simulation engine: a deterministic, in-process model of a resolved stack (sites, nodes,
 * links, the VPN mesh, firewall and proxy routes) that deploys every enabled service on a virtual
 * clock, injects faults and reports what happened and what a failure would take down; and fakes of
 * cloud APIs for tests ({@code io.kombify.sim.cloud.hetzner}).
 */
module io.kombify.sim {
    requires transitive io.kombify.spec;
    requires tools.jackson.core;
    requires tools.jackson.databind;
    requires jdk.httpserver;
    requires transitive io.kombify.deploy;
    requires static org.assertj.core;
    requires static org.junit.jupiter.api;
    requires static com.github.dockerjava.api;
    requires static com.github.dockerjava.core;
    requires static com.github.dockerjava.transport;
    requires static com.github.dockerjava.transport.httpclient5;

    exports io.kombify.sim;
    exports io.kombify.sim.model;
    exports io.kombify.sim.assertions;
    exports io.kombify.sim.junit;
    exports io.kombify.sim.docker;
    exports io.kombify.sim.deploy;
    exports io.kombify.sim.cloud.hetzner;
}
