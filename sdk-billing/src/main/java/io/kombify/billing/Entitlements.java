package io.kombify.billing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an organisation may do under its plan, with a reason for every no. Get one from
 * {@link BillingService#entitlements(OrganizationId)}, or build one from a {@link BillingState}:
 *
 * <pre>{@code
 * Entitlements e = billing.entitlements(org);
 * Decision d = e.createStack(existingStacks);
 * if (d.denied()) {
 *     return error(403, d.code(), d.reason(), d.hint());   // ENTITLEMENT_STACK_LIMIT ...
 * }
 * }</pre>
 *
 * <p>The answers depend only on the state given, so an instance is immutable and thread-safe.
 */
public final class Entitlements {
    private final Plans plans;
    private final BillingState state;
    private final Plan plan;

    private Entitlements(Plans plans, BillingState state) {
        this.plans = Objects.requireNonNull(plans, "plans");
        this.state = Objects.requireNonNull(state, "state");
        this.plan = plans.plan(state.effectivePlan());
    }

    /** The entitlements of {@code state} under the plans of {@code plans}. */
    public static Entitlements of(Plans plans, BillingState state) {
        return new Entitlements(plans, state);
    }

    /** The plan whose entitlements apply. */
    public Plan plan() {
        return plan;
    }

    /** The state these entitlements were derived from. */
    public BillingState state() {
        return state;
    }

    /** Whether the organisation may create one more stack while it has {@code existingStacks}. */
    public Decision createStack(int existingStacks) {
        if (existingStacks < 0) {
            throw new IllegalArgumentException("existingStacks must not be negative");
        }
        if (plan.unlimitedStacks() || existingStacks < plan.maxStacks()) {
            return Decision.allow();
        }
        Optional<Decision> held = heldBack("create another stack");
        if (held.isPresent()) {
            return held.get();
        }
        String reason = "the " + plan.name() + " plan allows " + plan.describeStacks() + " and this organisation has "
                + existingStacks;
        String hint = plans.smallestUpgradeFor(plan.id(), existingStacks + 1)
                .map(p -> "upgrade to " + p.name() + " (" + p.price().describe() + ") for " + p.describeStacks())
                .orElse("delete a stack you no longer need");
        return Decision.deny("ENTITLEMENT_STACK_LIMIT", reason, hint);
    }

    /** Whether the organisation may use {@code feature}. */
    public Decision use(Feature feature) {
        Objects.requireNonNull(feature, "feature");
        if (plan.includes(feature)) {
            return Decision.allow();
        }
        Optional<Decision> held = heldBack("use " + feature.label());
        if (held.isPresent()) {
            return held.get();
        }
        String reason = feature.label() + " is not part of the " + plan.name() + " plan";
        String hint = plans.smallestUpgradeWith(plan.id(), feature)
                .map(p -> "upgrade to " + p.name() + " (" + p.price().describe() + ") to use " + feature.label())
                .orElse("no plan includes " + feature.label());
        return Decision.deny("ENTITLEMENT_FEATURE_NOT_IN_PLAN", reason, hint);
    }

    /** Whether the organisation may run full simulations (every fault, long runs, reports). */
    public Decision useFullSimulation() {
        return use(Feature.FULL_SIMULATION);
    }

    /** Whether the organisation may sign in through its own identity provider. */
    public Decision useSso() {
        return use(Feature.SSO);
    }

    /** Whether the organisation may have teams and share stacks. */
    public Decision collaborate() {
        return use(Feature.TEAM_COLLABORATION);
    }

    /**
     * Which of {@code stacks} may be changed: the oldest up to the plan's limit (ties broken by
     * id); the rest are read-only. Nothing is removed from the list.
     *
     * @throws IllegalArgumentException when a stack id is listed twice (it would take two of the
     *     plan's writable places)
     */
    public StackAccess stackAccess(Collection<StackRef> stacks) {
        Set<String> ids = new HashSet<>();
        for (StackRef s : stacks) {
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("stack " + s.id() + " is listed twice; list each of the "
                        + "organisation's stacks once");
            }
        }
        List<StackRef> ordered = new ArrayList<>(stacks);
        ordered.sort(Comparator.comparing(StackRef::created).thenComparing(StackRef::id));
        List<String> writable = new ArrayList<>();
        List<String> readOnly = new ArrayList<>();
        for (StackRef s : ordered) {
            (plan.unlimitedStacks() || writable.size() < plan.maxStacks() ? writable : readOnly).add(s.id());
        }
        return new StackAccess(writable, readOnly);
    }

    /**
     * Whether stack {@code stackId}, one of {@code stacks}, may be changed or deployed.
     *
     * @throws IllegalArgumentException when {@code stackId} is not among {@code stacks}, or a stack
     *     is listed twice
     */
    public Decision modifyStack(String stackId, Collection<StackRef> stacks) {
        StackAccess access = stackAccess(stacks);
        if (access.writable().contains(stackId)) {
            return Decision.allow();
        }
        if (!access.readOnly().contains(stackId)) {
            throw new IllegalArgumentException("stack " + stackId + " is not one of the organisation's stacks");
        }
        String reason = "stack " + stackId + " is read-only: the " + plan.name() + " plan allows "
                + plan.describeStacks() + ", this organisation has " + access.total()
                + ", and the oldest " + access.writable().size() + " stay writable";
        Optional<Decision> held = heldBack("change stack " + stackId);
        String hint = held.map(Decision::hint).orElseGet(() -> plans.smallestUpgradeFor(plan.id(), access.total())
                .map(p -> "upgrade to " + p.name() + " for " + p.describeStacks() + ", or delete stacks you no longer need")
                .orElse("delete stacks you no longer need"));
        return Decision.deny("ENTITLEMENT_STACK_READ_ONLY", reason, hint);
    }

    /**
     * When the organisation subscribes to a larger plan whose entitlements are held back by the
     * subscription's status, the refusal says so, because paying (not upgrading) is the remedy.
     * When its subscription lives on a price that stands for none of the plans, the refusal says
     * that, because a checkout for an upgrade would be refused while that subscription lives.
     */
    private Optional<Decision> heldBack(String action) {
        SubscriptionStatus status = state.status();
        PlanId subscribed = state.subscribedPlan();
        if (status != null && subscribed == null && state.subscriptionId() != null && state.hasLiveSubscription()) {
            return Optional.of(Decision.deny("ENTITLEMENT_PRICE_NOT_A_PLAN",
                    "cannot " + action + ": subscription " + state.subscriptionId() + " is " + status.stripeName()
                            + ", but its price is not a kombify plan, so the " + plan.name() + " plan applies",
                    "the subscription's price is not a kombify plan: the billing administrator should give it to "
                            + "a plan (kombify.billing.stripe.price.<plan>, or the lookup key kombify_<plan>), or "
                            + "change the plan in the billing portal"));
        }
        if (status == null || subscribed == null || subscribed.compareTo(plan.id()) <= 0) {
            return Optional.empty();
        }
        String name = plans.plan(subscribed).name();
        return switch (status) {
            case PAST_DUE, UNPAID -> Optional.of(Decision.deny("ENTITLEMENT_PAYMENT_OVERDUE",
                    "cannot " + action + ": the " + name + " subscription's payment is overdue"
                            + (state.graceEndsAt() == null ? "" : " and its grace period ended at " + state.graceEndsAt())
                            + ", so the " + plan.name() + " plan applies",
                    "pay the open invoice or update the payment method in the billing portal"));
            case INCOMPLETE -> Optional.of(Decision.deny("ENTITLEMENT_SUBSCRIPTION_INCOMPLETE",
                    "cannot " + action + ": the " + name + " subscription's first payment is not complete",
                    "complete the payment in the checkout, or start a new checkout"));
            case PAUSED -> Optional.of(Decision.deny("ENTITLEMENT_SUBSCRIPTION_PAUSED",
                    "cannot " + action + ": the " + name + " subscription is paused",
                    "add a payment method in the billing portal to resume it"));
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return "Entitlements[" + state.organization() + ": " + plan.name() + "]";
    }
}
