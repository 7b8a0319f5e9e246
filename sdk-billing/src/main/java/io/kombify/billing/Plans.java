package io.kombify.billing;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The catalogue of plans: one {@link Plan} per {@link PlanId}, ordered from Free to Enterprise.
 * The standard catalogue is kombify's published offer; a server may build its own with
 * {@link #of(List)} (other limits, say) as long as it defines every plan.
 *
 * <table>
 *   <caption>The standard plans</caption>
 *   <tr><th>plan</th><th>price</th><th>stacks</th><th>adds</th></tr>
 *   <tr><td>Free</td><td>$0</td><td>1</td><td>basic simulation, community support</td></tr>
 *   <tr><td>Pro</td><td>$29/month</td><td>5</td><td>full simulation, priority support</td></tr>
 *   <tr><td>Team</td><td>$79/month</td><td>20</td><td>team collaboration, SSO</td></tr>
 *   <tr><td>Enterprise</td><td>custom</td><td>unlimited</td><td>SLA</td></tr>
 * </table>
 *
 * <p>Each plan includes everything of the plans below it.
 */
public final class Plans {
    private static final Plans STANDARD = standardCatalogue();

    private final Map<PlanId, Plan> plans;

    private Plans(Map<PlanId, Plan> plans) {
        this.plans = plans;
    }

    /** kombify's published plans. */
    public static Plans standard() {
        return STANDARD;
    }

    /**
     * A catalogue of the given plans.
     *
     * @throws IllegalArgumentException when a plan is missing or given twice
     */
    public static Plans of(List<Plan> plans) {
        Map<PlanId, Plan> byId = new EnumMap<>(PlanId.class);
        for (Plan plan : plans) {
            if (byId.put(plan.id(), plan) != null) {
                throw new IllegalArgumentException("plan " + plan.id().key() + " is given twice");
            }
        }
        for (PlanId id : PlanId.values()) {
            if (!byId.containsKey(id)) {
                throw new IllegalArgumentException("plan " + id.key() + " is missing");
            }
        }
        return new Plans(byId);
    }

    private static Plans standardCatalogue() {
        EnumSet<Feature> free = EnumSet.of(Feature.BASIC_SIMULATION, Feature.COMMUNITY_SUPPORT);
        EnumSet<Feature> pro = EnumSet.copyOf(free);
        pro.addAll(EnumSet.of(Feature.FULL_SIMULATION, Feature.PRIORITY_SUPPORT));
        EnumSet<Feature> team = EnumSet.copyOf(pro);
        team.addAll(EnumSet.of(Feature.TEAM_COLLABORATION, Feature.SSO));
        EnumSet<Feature> enterprise = EnumSet.copyOf(team);
        enterprise.add(Feature.SLA);
        return of(List.of(
                new Plan(PlanId.FREE, "Free", Price.free(), 1, free),
                new Plan(PlanId.PRO, "Pro", Price.monthlyUsd(29), 5, pro),
                new Plan(PlanId.TEAM, "Team", Price.monthlyUsd(79), 20, team),
                new Plan(PlanId.ENTERPRISE, "Enterprise", Price.custom(), Plan.UNLIMITED, enterprise)));
    }

    /** The plan {@code id}. */
    public Plan plan(PlanId id) {
        return plans.get(Objects.requireNonNull(id, "id"));
    }

    /** Every plan, from Free to Enterprise. */
    public List<Plan> all() {
        return List.copyOf(plans.values());
    }

    /** The smallest plan above {@code current} that includes {@code feature}. */
    public Optional<Plan> smallestUpgradeWith(PlanId current, Feature feature) {
        return above(current).stream().filter(p -> p.includes(feature)).findFirst();
    }

    /** The smallest plan above {@code current} that allows at least {@code stacks} stacks. */
    public Optional<Plan> smallestUpgradeFor(PlanId current, int stacks) {
        return above(current).stream().filter(p -> p.maxStacks() >= stacks).findFirst();
    }

    private List<Plan> above(PlanId current) {
        List<Plan> result = new ArrayList<>();
        for (Plan plan : plans.values()) {
            if (plan.id().compareTo(current) > 0) {
                result.add(plan);
            }
        }
        return result;
    }
}
