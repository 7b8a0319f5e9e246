package io.kombify.sim;

import io.kombify.core.ByteSize;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something going wrong during a simulation, at a virtual time or on an event. Faults are
 * immutable values: a factory names what fails, {@link #at(Duration)} or {@link #when(Trigger)}
 * says when, {@link #recoverAfter(Duration)} says how long it lasts (without it, the fault lasts
 * until the end of the run).
 *
 * <pre>{@code
 * Fault.nodeCrash("nas").at(Duration.ofMinutes(10)).recoverAfter(Duration.ofMinutes(5))
 * Fault.partition("home", "hetzner").when(Trigger.healthy("headscale"))
 * }</pre>
 *
 * <p>What each kind does is described on its factory. Provider API errors (rate limits, 5xx,
 * timeouts) change nothing in the stack itself: they shape the answers of the
 * {@link SimulatedProviderApi} the deployment engine talks to.
 *
 * <h2>Faults of a simulated apply</h2>
 *
 * <p>The simulated provider ({@code io.kombify.sim.deploy.SimulatedProvider}, behind
 * {@code kombify apply --simulate}) has no virtual clock: its faults strike on provider calls
 * instead of at a time. They are written in the same syntax ({@link #DEPLOY_SYNTAX}), and only
 * such faults may be given to it ({@link #isDeployTime()}); a {@link Simulation} refuses them.
 * <ul>
 *   <li>Provider API errors on calls: {@code provider-rate-limit:hetzner=30s@call(3)} answers the
 *       third call to {@code hetzner} with 429 and a Retry-After of 30 s;
 *       {@code provider-server-error:*=503@call(create,2)+3} answers the second to fourth
 *       {@code create} calls to any provider with 503; {@code provider-timeout:docker@chance(10%)}
 *       lets each call to {@code docker} time out with a probability of 10 %, drawn from a seeded
 *       random. Operations are {@code read}, {@code create}, {@code update}, {@code delete} and
 *       {@code lookup}; the target {@code *} matches every provider name.</li>
 *   <li>{@code latency:200ms} (or {@code latency:hetzner=200ms}): every call takes 200 ms longer.</li>
 *   <li>{@code crash-after-step:3}: after the third create, update or delete has taken effect, the
 *       process dies as if killed, before the engine hears the answer.</li>
 * </ul>
 *
 * <pre>{@code
 * Fault.providerRateLimit("hetzner", Duration.ofSeconds(30)).onCall(3)
 * Fault.providerTimeout("*").onCalls(Fault.Operation.CREATE, 2, 1)
 * Fault.providerServerError("*", 503).withChance(null, 0.1)
 * Fault.crashAfterStep(3)
 * }</pre>
 */
public final class Fault {

    /** The kinds of fault. */
    public enum Kind {
        /** {@link #nodeCrash(String)}. */
        NODE_CRASH,
        /** {@link #sitePowerLoss(String)}. */
        SITE_POWER_LOSS,
        /** {@link #partition(String, String)}. */
        PARTITION,
        /** {@link #diskFull(String)}. */
        DISK_FULL,
        /** {@link #memoryPressure(String, ByteSize)}. */
        MEMORY_PRESSURE,
        /** {@link #memorySpike(String, ByteSize)}. */
        MEMORY_SPIKE,
        /** {@link #crashLoop(String)}. */
        CRASH_LOOP,
        /** {@link #linkDegradation(String, String, Duration, double)}. */
        LINK_DEGRADATION,
        /** {@link #providerRateLimit(String, Duration)}. */
        PROVIDER_RATE_LIMIT,
        /** {@link #providerServerError(String, int)}. */
        PROVIDER_SERVER_ERROR,
        /** {@link #providerTimeout(String)}. */
        PROVIDER_TIMEOUT,
        /** {@link #providerLatency(String, Duration)}; simulated applies only. */
        PROVIDER_LATENCY,
        /** {@link #crashAfterStep(int)}; simulated applies only. */
        CRASH_AFTER_STEP
    }

    /** A provider call, as a fault in a simulated apply selects it with {@code @call(OPERATION,N)}. */
    public enum Operation {
        /** {@code read}: reading a resource back. */
        READ,
        /** {@code create}. */
        CREATE,
        /** {@code update}: changing a resource in place. */
        UPDATE,
        /** {@code delete}. */
        DELETE,
        /** {@code lookup}: finding what an interrupted create made. */
        LOOKUP;

        /** The name written in a fault, such as {@code create}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * The operation written {@code text}, such as {@code create}.
         *
         * @throws IllegalArgumentException if it names no operation
         */
        public static Operation parse(String text) {
            for (Operation o : values()) {
                if (o.wire().equals(text)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("unknown operation '" + text + "' (read, create, update, delete, lookup)");
        }
    }

    /**
     * The provider calls a fault of a simulated apply strikes: calls number {@code first} to
     * {@code first + count - 1} among those matching (counting from the provider's creation, or
     * from the moment the fault is added to it), or, when {@code chance} is above zero, each
     * matching call with that probability. A call matches when {@code operation} is empty or
     * names its operation.
     *
     * @param operation the operation counted, or empty for every call
     * @param first     the first call struck, from 1; 0 for a chance
     * @param count     how many calls in a row are struck; 0 for a chance
     * @param chance    the probability (above 0, at most 1) of striking each call; 0 for numbered calls
     */
    public record Calls(Optional<Operation> operation, int first, int count, double chance) {

        public Calls {
            Objects.requireNonNull(operation, "operation");
            boolean numbered = first >= 1 && count >= 1 && chance == 0;
            boolean random = first == 0 && count == 0 && chance > 0 && chance <= 1;
            if (!numbered && !random) {
                throw new IllegalArgumentException("calls are either numbered (first and count at least 1) or struck by chance "
                        + "(a probability above 0 and at most 1), not first=" + first + ", count=" + count + ", chance=" + chance);
            }
        }

        /** Whether a call of {@code op} counts for this schedule. */
        public boolean matches(Operation op) {
            return operation.isEmpty() || operation.get() == op;
        }

        /** Whether the {@code n}-th matching call (from 1) is struck; always false for a chance. */
        public boolean strikesCall(long n) {
            return chance == 0 && n >= first && n < (long) first + count;
        }

        /** A short description such as {@code create calls 2-3} or {@code 10% of calls}. */
        public String describe() {
            String op = operation.map(o -> o.wire() + " ").orElse("");
            if (chance > 0) {
                return percent(chance * 100) + "% of " + op + "calls";
            }
            return count == 1 ? op + "call " + first : op + "calls " + first + "-" + (first + count - 1);
        }
    }

    private final Kind kind;
    private final List<String> targets;
    private final ByteSize amount;
    private final Duration time;
    private final Trigger trigger;
    private final Duration recovery;
    private final Duration latency;
    private final double lossPercent;
    private final int status;
    private final Calls calls;
    private final int steps;

    private Fault(Kind kind, List<String> targets, ByteSize amount, Duration time, Trigger trigger, Duration recovery) {
        this(kind, targets, amount, time, trigger, recovery, null, 0, 0);
    }

    private Fault(Kind kind, List<String> targets, ByteSize amount, Duration time, Trigger trigger, Duration recovery,
                  Duration latency, double lossPercent, int status) {
        this(kind, targets, amount, time, trigger, recovery, latency, lossPercent, status, null, 0);
    }

    private Fault(Kind kind, List<String> targets, ByteSize amount, Duration time, Trigger trigger, Duration recovery,
                  Duration latency, double lossPercent, int status, Calls calls, int steps) {
        this.calls = calls;
        this.steps = steps;
        this.status = status;
        this.latency = latency;
        this.lossPercent = lossPercent;
        this.kind = kind;
        this.targets = List.copyOf(targets);
        this.amount = amount;
        this.time = time;
        this.trigger = trigger;
        this.recovery = recovery;
    }

    /**
     * The node stops at once: every container on it goes down. With {@link #recoverAfter} it boots
     * again (30 s) and Docker restarts every container that had run, unless its restart policy is
     * {@code no} (a host crash is not a clean exit, so {@code on-failure} restarts too);
     * containers that had not started yet are deployed again.
     */
    public static Fault nodeCrash(String node) {
        return new Fault(Kind.NODE_CRASH, List.of(name(node, "node")), null, null, null, null);
    }

    /** Every node of {@code site} ({@code home} or a cloud provider's name) crashes at once; recovery boots them all. */
    public static Fault sitePowerLoss(String site) {
        return new Fault(Kind.SITE_POWER_LOSS, List.of(name(site, "site")), null, null, null, null);
    }

    /**
     * {@code a} and {@code b} cannot reach each other: a service needing one on the other side
     * fails its health checks, and reachability reports the pair as cut off. When both names are
     * sites ({@code home} or a cloud provider's name) every node of one site is cut off from every
     * node of the other; otherwise both must be nodes, and only those two nodes lose each other
     * (even on the same site).
     */
    public static Fault partition(String a, String b) {
        if (name(a, "site or node").equals(name(b, "site or node"))) {
            throw new IllegalArgumentException("a partition needs two different sites or nodes, got " + a + " twice");
        }
        return new Fault(Kind.PARTITION, List.of(a, b), null, null, null, null);
    }

    /**
     * The node's disk is full: image pulls wait for space, and services writing to volumes there
     * fail their health checks.
     */
    public static Fault diskFull(String node) {
        return new Fault(Kind.DISK_FULL, List.of(name(node, "node")), null, null, null, null);
    }

    /**
     * Something outside the containers takes {@code amount} of the node's memory. If the
     * containers no longer fit, the kernel kills the biggest ones until they do.
     */
    public static Fault memoryPressure(String node, ByteSize amount) {
        Objects.requireNonNull(amount, "amount");
        return new Fault(Kind.MEMORY_PRESSURE, List.of(name(node, "node")), amount, null, null, null);
    }

    /**
     * The service's container uses {@code amount} more memory; over its limit it is OOM-killed
     * and restarted per its policy (a restarted container starts at its normal use again).
     */
    public static Fault memorySpike(String service, ByteSize amount) {
        Objects.requireNonNull(amount, "amount");
        return new Fault(Kind.MEMORY_SPIKE, List.of(name(service, "service")), amount, null, null, null);
    }

    /** The service's container exits with code 1 a few seconds after every start, until the fault ends. */
    public static Fault crashLoop(String service) {
        return new Fault(Kind.CRASH_LOOP, List.of(name(service, "service")), null, null, null, null);
    }

    /**
     * The link between sites {@code a} and {@code b} gets {@code latency} of extra delay and loses
     * {@code lossPercent} percent of its packets. A service whose needs lie across the link fails
     * its health checks while the latency exceeds the health-check timeout; otherwise each of its
     * checks fails with probability {@code lossPercent / 100}, drawn from the simulation's seeded
     * random, and three failures in a row make it unhealthy (a passing check makes it healthy
     * again). Without health checks ({@code observability.health.enabled: false}) nothing is
     * checked, so the link changes no state.
     *
     * @throws IllegalArgumentException if the sites are the same, the latency is negative or the
     *         loss is outside 0 to 100
     */
    public static Fault linkDegradation(String a, String b, Duration latency, double lossPercent) {
        Objects.requireNonNull(latency, "latency");
        if (name(a, "site").equals(name(b, "site"))) {
            throw new IllegalArgumentException("a link degradation needs two different sites, got " + a + " twice");
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        if (!(lossPercent >= 0 && lossPercent <= 100)) {
            throw new IllegalArgumentException("loss must be between 0 and 100 percent: " + lossPercent);
        }
        return new Fault(Kind.LINK_DEGRADATION, List.of(a, b), null, null, null, null, latency, lossPercent, 0);
    }

    /**
     * The cloud provider's API answers every call with 429 Too Many Requests and a Retry-After of
     * {@code retryAfter}, as seen through {@link SimulatedProviderApi}.
     */
    public static Fault providerRateLimit(String provider, Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
        }
        return new Fault(Kind.PROVIDER_RATE_LIMIT, List.of(name(provider, "provider")), null, null, null, null, retryAfter, 0, 429);
    }

    /** The cloud provider's API answers every call with server error {@code status} (500 to 599), as seen through {@link SimulatedProviderApi}. */
    public static Fault providerServerError(String provider, int status) {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("a server error status is between 500 and 599, got " + status);
        }
        return new Fault(Kind.PROVIDER_SERVER_ERROR, List.of(name(provider, "provider")), null, null, null, null, null, 0, status);
    }

    /**
     * The cloud provider's API never answers: every call times out, as seen through {@link SimulatedProviderApi}.
     * In a simulated apply, a create, update or delete that times out has nevertheless taken
     * effect (only the answer is lost), so retrying it safely depends on its idempotency key.
     */
    public static Fault providerTimeout(String provider) {
        return new Fault(Kind.PROVIDER_TIMEOUT, List.of(name(provider, "provider")), null, null, null, null, null, 0, 0);
    }

    /**
     * Every call to {@code provider} ({@code *} for every provider) in a simulated apply takes
     * {@code latency} longer, so that an apply runs slowly enough to watch or to interrupt.
     *
     * @throws IllegalArgumentException if the latency is negative
     */
    public static Fault providerLatency(String provider, Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        return new Fault(Kind.PROVIDER_LATENCY, List.of(name(provider, "provider")), null, null, null, null, latency, 0, 0);
    }

    /**
     * The process running a simulated apply dies right after the {@code steps}-th create, update
     * or delete has taken effect in the simulated world and before the deployment engine learns
     * of it, as if it had been killed: the next apply must recover from its journal without
     * losing or duplicating resources. Counts the calls of one provider instance (one process).
     *
     * @throws IllegalArgumentException if {@code steps} is below 1
     */
    public static Fault crashAfterStep(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, not " + steps);
        }
        return new Fault(Kind.CRASH_AFTER_STEP, List.of(), null, null, null, null, null, 0, 0, null, steps);
    }

    /** The syntax {@link #parse} reads, with an example per kind; shown by command-line help. */
    public static final String SYNTAX = """
            KIND:TARGET@TIME[+RECOVERY], times like 90s, 10m, 2h30m or 1d;
            a SITE is home or a cloud provider such as hetzner:
              node-crash:NODE@10m           NODE crashes at 10 min
              site-power-loss:SITE@2h+30m   SITE loses power, back after 30 min
              partition:SITE,SITE@1h+5m     the sites cannot reach each other
              partition:NODE,NODE@1h        the two nodes cannot reach each other
              disk-full:NODE@3h             NODE's disk fills up
              memory-pressure:NODE=2Gi@1h   something else takes 2Gi of NODE
              memory-spike:SERVICE=1Gi@1h   SERVICE uses 1Gi more memory
              crash-loop:SERVICE@1h+10m     SERVICE crashes after every start
              link-degradation:SITE,SITE=800ms/5%@1h+10m
                                            the link gets 800 ms more latency
                                            and loses 5 % of its packets
              provider-rate-limit:PROVIDER=30s@1h+5m
                                            the API answers 429, Retry-After 30s
              provider-server-error:PROVIDER=503@1h+5m
                                            the API answers 503
              provider-timeout:PROVIDER@1h+5m
                                            the API does not answer
            TIME may instead wait for a service: @healthy(SERVICE) or
            @healthy(SERVICE,5m) strikes when SERVICE first becomes healthy
            (5 min later).""";

    /** The syntax of the faults of a simulated apply ({@link #isDeployTime()}); shown by command-line help. */
    public static final String DEPLOY_SYNTAX = """
            Provider API errors strike calls instead of times; PROVIDER may be *
            for every provider, OP is read, create, update, delete or lookup:
              provider-rate-limit:PROVIDER=30s@call(3)
                                            the 3rd call answers 429, Retry-After 30s
              provider-server-error:PROVIDER=503@call(create,2)+3
                                            create calls 2 to 4 answer 503
              provider-timeout:PROVIDER@chance(10%)
                                            each call times out with probability 10 %
                                            (a create, update or delete that times
                                            out has still taken effect)
              provider-timeout:PROVIDER@chance(delete,10%)
                                            the same, for delete calls only
              latency:200ms                 every call takes 200 ms longer
              latency:PROVIDER=200ms        every call to PROVIDER does
              crash-after-step:3            the process dies after the 3rd create,
                                            update or delete took effect""";

    /**
     * The fault {@code spec} describes, in the syntax of {@link #SYNTAX}, such as
     * {@code node-crash:nas@10m}, {@code site-power-loss:home@2h+30m} or
     * {@code crash-loop:nextcloud@healthy(postgres,5m)+10m}.
     *
     * @throws IllegalArgumentException if {@code spec} does not follow it, naming what is wrong
     */
    public static Fault parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.trim();
        int colon = s.indexOf(':');
        int at = s.indexOf('@');
        if (colon <= 0) {
            throw badSpec(spec, "it must start with a kind and a colon, such as node-crash:");
        }
        String leading = s.substring(0, colon);
        if (leading.equals("crash-after-step") || leading.equals("latency")) {
            return parseApplyFault(spec, leading, s.substring(colon + 1));
        }
        if (at < 0) {
            throw badSpec(spec, "it needs a time after @, such as @10m");
        }
        if (at < colon) {
            throw badSpec(spec, "the kind must come before @");
        }
        String kind = s.substring(0, colon);
        String target = s.substring(colon + 1, at);
        String when = s.substring(at + 1);
        String recovery = null;
        int plus = when.indexOf('+');
        if (plus >= 0) {
            recovery = when.substring(plus + 1);
            when = when.substring(0, plus);
        }
        String amount = null;
        int eq = target.indexOf('=');
        if (eq >= 0) {
            amount = target.substring(eq + 1);
            target = target.substring(0, eq);
        }
        if (target.isBlank()) {
            throw badSpec(spec, "it names no target between : and @");
        }
        boolean sized = kind.equals("memory-pressure") || kind.equals("memory-spike");
        boolean link = kind.equals("link-degradation");
        if (link && amount == null) {
            throw badSpec(spec, "link-degradation needs =LATENCY/LOSS%, such as =800ms/5%");
        }
        boolean valued = link || kind.equals("provider-rate-limit") || kind.equals("provider-server-error");
        if (kind.equals("provider-rate-limit") && amount == null) {
            throw badSpec(spec, "provider-rate-limit needs =RETRY-AFTER, such as =30s");
        }
        if (kind.equals("provider-server-error") && (amount == null || !amount.matches("5[0-9][0-9]"))) {
            throw badSpec(spec, "provider-server-error needs =STATUS between 500 and 599, such as =503");
        }
        if (amount != null && !sized && !valued) {
            throw badSpec(spec, kind + " takes no =SIZE");
        }
        if (sized && (amount == null || !ByteSize.isValid(amount))) {
            throw badSpec(spec, kind + " needs a memory size after =, such as =2Gi");
        }
        Fault fault;
        try {
            fault = switch (kind) {
                case "node-crash" -> nodeCrash(target);
                case "site-power-loss" -> sitePowerLoss(target);
                case "partition" -> {
                    String[] sites = target.split(",", -1);
                    if (sites.length != 2) {
                        throw badSpec(spec, "a partition names two sites or two nodes separated by a comma, such as partition:home,hetzner");
                    }
                    yield partition(sites[0].trim(), sites[1].trim());
                }
                case "disk-full" -> diskFull(target);
                case "memory-pressure" -> memoryPressure(target, ByteSize.parse(amount));
                case "memory-spike" -> memorySpike(target, ByteSize.parse(amount));
                case "crash-loop" -> crashLoop(target);
                case "link-degradation" -> {
                    String[] sites = target.split(",", -1);
                    if (sites.length != 2) {
                        throw badSpec(spec, "a link degradation names two sites separated by a comma, such as link-degradation:home,hetzner=800ms/5%");
                    }
                    int slash = amount.indexOf('/');
                    if (slash < 0 || !amount.endsWith("%")) {
                        throw badSpec(spec, "link-degradation needs =LATENCY/LOSS%, such as =800ms/5%");
                    }
                    double loss;
                    try {
                        loss = Double.parseDouble(amount.substring(slash + 1, amount.length() - 1).trim());
                    } catch (NumberFormatException e) {
                        throw badSpec(spec, "the loss after / must be a percentage, such as 5%");
                    }
                    yield linkDegradation(sites[0].trim(), sites[1].trim(), DurationText.parse(amount.substring(0, slash).trim()), loss);
                }
                case "provider-rate-limit" -> providerRateLimit(target, DurationText.parse(amount));
                case "provider-server-error" -> providerServerError(target, Integer.parseInt(amount));
                case "provider-timeout" -> providerTimeout(target);
                default -> throw badSpec(spec, "unknown kind '" + kind + "' (node-crash, site-power-loss, partition, disk-full, memory-pressure,"
                        + " memory-spike, crash-loop, link-degradation, provider-rate-limit, provider-server-error, provider-timeout,"
                        + " latency, crash-after-step)");
            };
            if (when.startsWith("call(") || when.startsWith("chance(")) {
                return onCalls(spec, fault, when, recovery);
            }
            if (when.startsWith("healthy(")) {
                if (!when.endsWith(")")) {
                    throw badSpec(spec, "healthy( needs a closing parenthesis, such as @healthy(nextcloud,5m)");
                }
                String[] args = when.substring("healthy(".length(), when.length() - 1).split(",", -1);
                if (args.length > 2 || args[0].isBlank()) {
                    throw badSpec(spec, "write @healthy(SERVICE) or @healthy(SERVICE,DELAY)");
                }
                Trigger trigger = Trigger.healthy(args[0].trim());
                fault = fault.when(args.length == 2 ? trigger.plus(DurationText.parse(args[1].trim())) : trigger);
            } else {
                fault = fault.at(DurationText.parse(when));
            }
            if (recovery != null) {
                fault = fault.recoverAfter(DurationText.parse(recovery));
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("invalid fault '")) {
                throw e;
            }
            throw badSpec(spec, e.getMessage());
        }
        return fault;
    }

    /** {@code crash-after-step:K}, {@code latency:DURATION} and {@code latency:PROVIDER=DURATION}. */
    private static Fault parseApplyFault(String spec, String kind, String rest) {
        if (rest.indexOf('@') >= 0) {
            throw badSpec(spec, kind + " takes no @TIME: it applies to a whole simulated apply");
        }
        if (kind.equals("crash-after-step")) {
            if (!rest.trim().matches("[0-9]{1,9}") || Integer.parseInt(rest.trim()) < 1) {
                throw badSpec(spec, "crash-after-step needs a number of steps of at least 1, such as crash-after-step:3");
            }
            return crashAfterStep(Integer.parseInt(rest.trim()));
        }
        int eq = rest.indexOf('=');
        String provider = eq < 0 ? "*" : rest.substring(0, eq).trim();
        String value = eq < 0 ? rest : rest.substring(eq + 1);
        if (provider.isEmpty() || value.isBlank()) {
            throw badSpec(spec, "latency needs a duration, such as latency:200ms or latency:hetzner=200ms");
        }
        try {
            return providerLatency(provider, DurationText.parse(value.trim()));
        } catch (IllegalArgumentException e) {
            throw badSpec(spec, e.getMessage());
        }
    }

    /** A provider fault striking calls: {@code @call([OP,]N)[+COUNT]} or {@code @chance([OP,]P%)}. */
    private static Fault onCalls(String spec, Fault fault, String when, String recovery) {
        boolean chance = when.startsWith("chance(");
        String example = chance ? "@chance(10%) or @chance(create,10%)" : "@call(3) or @call(create,3)";
        if (fault.kind != Kind.PROVIDER_RATE_LIMIT && fault.kind != Kind.PROVIDER_SERVER_ERROR && fault.kind != Kind.PROVIDER_TIMEOUT) {
            throw badSpec(spec, "only provider faults strike calls; " + fault.describe() + " needs a time such as @10m");
        }
        if (!when.endsWith(")")) {
            throw badSpec(spec, "write " + example);
        }
        String[] args = when.substring(when.indexOf('(') + 1, when.length() - 1).split(",", -1);
        if (args.length > 2 || args[args.length - 1].isBlank()) {
            throw badSpec(spec, "write " + example);
        }
        Operation op = args.length == 2 ? Operation.parse(args[0].trim()) : null;
        String value = args[args.length - 1].trim();
        if (chance) {
            if (recovery != null) {
                throw badSpec(spec, "a fault struck by chance takes no +COUNT");
            }
            if (!value.endsWith("%")) {
                throw badSpec(spec, "the chance must be a percentage, such as @chance(10%)");
            }
            double percent;
            try {
                percent = Double.parseDouble(value.substring(0, value.length() - 1).trim());
            } catch (NumberFormatException e) {
                throw badSpec(spec, "the chance must be a percentage, such as @chance(10%)");
            }
            if (!(percent > 0 && percent <= 100)) {
                throw badSpec(spec, "the chance must be above 0 and at most 100%, not " + value);
            }
            return fault.withChance(op, percent / 100);
        }
        if (!value.matches("[0-9]{1,9}") || Integer.parseInt(value) < 1) {
            throw badSpec(spec, "the call number must be 1 or more, such as @call(3)");
        }
        int count = 1;
        if (recovery != null) {
            if (!recovery.trim().matches("[0-9]{1,9}") || Integer.parseInt(recovery.trim()) < 1) {
                throw badSpec(spec, "+COUNT after @call(...) is a number of calls, such as @call(3)+2");
            }
            count = Integer.parseInt(recovery.trim());
        }
        return fault.onCalls(op, Integer.parseInt(value), count);
    }

    private static IllegalArgumentException badSpec(String spec, String why) {
        return new IllegalArgumentException("invalid fault '" + spec + "': " + why);
    }

    /**
     * This fault, striking {@code time} after the simulation starts.
     *
     * @throws IllegalArgumentException if the time is negative, or the kind belongs to simulated applies only
     */
    public Fault at(Duration time) {
        Objects.requireNonNull(time, "time");
        if (time.isNegative()) {
            throw new IllegalArgumentException("time must not be negative: " + time);
        }
        requireTimed();
        return new Fault(kind, targets, amount, time, null, recovery, latency, lossPercent, status);
    }

    /**
     * This fault, striking when {@code trigger} fires.
     *
     * @throws IllegalArgumentException if the kind belongs to simulated applies only
     */
    public Fault when(Trigger trigger) {
        Objects.requireNonNull(trigger, "trigger");
        requireTimed();
        return new Fault(kind, targets, amount, null, trigger, recovery, latency, lossPercent, status);
    }

    /**
     * This fault, ending {@code duration} after it strikes.
     *
     * @throws IllegalArgumentException if the duration is not positive, or the fault strikes calls
     *                                  (it then lasts a number of calls: {@link #onCalls})
     */
    public Fault recoverAfter(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive: " + duration);
        }
        if (calls != null || kind == Kind.PROVIDER_LATENCY || kind == Kind.CRASH_AFTER_STEP) {
            throw new IllegalArgumentException(describe() + " strikes calls of a simulated apply and lasts a number of calls, not a time");
        }
        return new Fault(kind, targets, amount, time, trigger, duration, latency, lossPercent, status);
    }

    /** This provider fault, striking only the {@code n}-th call (from 1) in a simulated apply. */
    public Fault onCall(int n) {
        return onCalls(null, n, 1);
    }

    /**
     * This provider fault, striking calls {@code first} to {@code first + count - 1} of
     * {@code operation} ({@code null} for every call) in a simulated apply, instead of a time.
     *
     * @throws IllegalArgumentException if the fault is no provider API error, or the numbers are below 1
     */
    public Fault onCalls(Operation operation, int first, int count) {
        requireProviderError();
        return new Fault(kind, targets, amount, null, null, null, latency, lossPercent, status,
                new Calls(Optional.ofNullable(operation), first, count, 0), 0);
    }

    /**
     * This provider fault, striking each call of {@code operation} ({@code null} for every call)
     * in a simulated apply with probability {@code chance} (above 0, at most 1), drawn from the
     * provider's seeded random.
     *
     * @throws IllegalArgumentException if the fault is no provider API error, or the chance is out of range
     */
    public Fault withChance(Operation operation, double chance) {
        requireProviderError();
        return new Fault(kind, targets, amount, null, null, null, latency, lossPercent, status,
                new Calls(Optional.ofNullable(operation), 0, 0, chance), 0);
    }

    private void requireTimed() {
        if (kind == Kind.PROVIDER_LATENCY || kind == Kind.CRASH_AFTER_STEP) {
            throw new IllegalArgumentException(describe() + " belongs to a simulated apply and happens on its provider calls, not at a time");
        }
    }

    private void requireProviderError() {
        if (kind != Kind.PROVIDER_RATE_LIMIT && kind != Kind.PROVIDER_SERVER_ERROR && kind != Kind.PROVIDER_TIMEOUT) {
            throw new IllegalArgumentException("only provider API errors strike calls, not " + describe());
        }
    }

    /** What this fault does; never null. */
    public Kind kind() {
        return kind;
    }

    /** The node, site, service, provider, or the two sites or nodes of a partition or link degradation. */
    public List<String> targets() {
        return targets;
    }

    /** The memory of a memory fault. */
    public Optional<ByteSize> amount() {
        return Optional.ofNullable(amount);
    }

    /** The added latency of a link degradation or of provider calls. */
    public Optional<Duration> latency() {
        return kind == Kind.LINK_DEGRADATION || kind == Kind.PROVIDER_LATENCY ? Optional.of(latency) : Optional.empty();
    }

    /** The provider calls this fault strikes in a simulated apply, if it strikes calls rather than a time. */
    public Optional<Calls> calls() {
        return Optional.ofNullable(calls);
    }

    /** The number of steps after which a {@link Kind#CRASH_AFTER_STEP} crash strikes; 0 for every other kind. */
    public int steps() {
        return steps;
    }

    /**
     * Whether this fault belongs to a simulated apply rather than a {@link Simulation}: a crash
     * after a step, provider latency, or a provider API error striking calls.
     */
    public boolean isDeployTime() {
        return kind == Kind.CRASH_AFTER_STEP || kind == Kind.PROVIDER_LATENCY || calls != null;
    }

    /** The Retry-After of a provider rate limit. */
    public Optional<Duration> retryAfter() {
        return kind == Kind.PROVIDER_RATE_LIMIT ? Optional.of(latency) : Optional.empty();
    }

    /** The HTTP status a provider fault answers with (429 or 5xx), 0 for a timeout and every other kind. */
    public int status() {
        return status;
    }

    /** The packet loss of a link degradation in percent, 0 for every other kind. */
    public double lossPercent() {
        return lossPercent;
    }

    /** When the fault strikes, if it is scheduled at a time. */
    public Optional<Duration> time() {
        return Optional.ofNullable(time);
    }

    /** What the fault waits for, if it is scheduled on an event. */
    public Optional<Trigger> trigger() {
        return Optional.ofNullable(trigger);
    }

    /** How long the fault lasts, if it ends. */
    public Optional<Duration> recovery() {
        return Optional.ofNullable(recovery);
    }

    /** Whether {@link #at} or {@link #when} was called. */
    public boolean isScheduled() {
        return time != null || trigger != null;
    }

    /** A short description such as {@code nodeCrash(nas)}. */
    public String describe() {
        String name = switch (kind) {
            case NODE_CRASH -> "nodeCrash";
            case SITE_POWER_LOSS -> "sitePowerLoss";
            case PARTITION -> "partition";
            case DISK_FULL -> "diskFull";
            case MEMORY_PRESSURE -> "memoryPressure";
            case MEMORY_SPIKE -> "memorySpike";
            case CRASH_LOOP -> "crashLoop";
            case LINK_DEGRADATION -> "linkDegradation";
            case PROVIDER_RATE_LIMIT -> "providerRateLimit";
            case PROVIDER_SERVER_ERROR -> "providerServerError";
            case PROVIDER_TIMEOUT -> "providerTimeout";
            case PROVIDER_LATENCY -> "providerLatency";
            case CRASH_AFTER_STEP -> "crashAfterStep";
        };
        if (kind == Kind.CRASH_AFTER_STEP) {
            return name + "(" + steps + ")";
        }
        String link = switch (kind) {
            case LINK_DEGRADATION -> ", " + DurationText.format(latency) + ", " + percent(lossPercent) + "%";
            case PROVIDER_RATE_LIMIT, PROVIDER_LATENCY -> ", " + DurationText.format(latency);
            case PROVIDER_SERVER_ERROR -> ", " + status;
            default -> "";
        };
        return name + "(" + String.join(", ", targets) + (amount == null ? "" : ", " + amount) + link + ")";
    }

    /** {@code 5} for 5.0, {@code 2.5} for 2.5: whole percentages read without a decimal point. */
    private static String percent(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fault f && kind == f.kind && targets.equals(f.targets) && Objects.equals(amount, f.amount)
                && Objects.equals(time, f.time) && Objects.equals(trigger, f.trigger) && Objects.equals(recovery, f.recovery)
                && Objects.equals(latency, f.latency) && Double.compare(lossPercent, f.lossPercent) == 0 && status == f.status
                && Objects.equals(calls, f.calls) && steps == f.steps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, targets, amount, time, trigger, recovery, latency, lossPercent, status, calls, steps);
    }

    @Override
    public String toString() {
        return describe() + (time != null ? " at " + time : "") + (trigger != null ? " " + trigger : "")
                + (recovery != null ? " for " + recovery : "") + (calls != null ? " on " + calls.describe() : "");
    }

    private static String name(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " name must not be blank");
        }
        return value;
    }
}
