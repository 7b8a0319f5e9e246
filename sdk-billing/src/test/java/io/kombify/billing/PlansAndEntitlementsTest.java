package io.kombify.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlansAndEntitlementsTest {
    private static final OrganizationId ACME = OrganizationId.of("acme");
    private final Plans plans = Plans.standard();

    private Entitlements on(PlanId plan) {
        return Entitlements.of(plans, new BillingState(ACME, "cus_1", "sub_1", plan, SubscriptionStatus.ACTIVE, plan,
                null, false, null, null, true));
    }

    @Test
    void theStandardPlansAreThePublishedOffer() {
        assertThat(plans.all()).extracting(Plan::name, p -> p.price().describe(), Plan::describeStacks).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Free", "$0", "1 stack"),
                org.assertj.core.groups.Tuple.tuple("Pro", "$29/month", "5 stacks"),
                org.assertj.core.groups.Tuple.tuple("Team", "$79/month", "20 stacks"),
                org.assertj.core.groups.Tuple.tuple("Enterprise", "custom price", "unlimited stacks"));
        assertThat(plans.plan(PlanId.FREE).features()).containsExactlyInAnyOrder(Feature.BASIC_SIMULATION,
                Feature.COMMUNITY_SUPPORT);
        assertThat(plans.plan(PlanId.PRO).features()).contains(Feature.FULL_SIMULATION, Feature.PRIORITY_SUPPORT)
                .doesNotContain(Feature.SSO);
        assertThat(plans.plan(PlanId.TEAM).features()).contains(Feature.TEAM_COLLABORATION, Feature.SSO,
                Feature.FULL_SIMULATION).doesNotContain(Feature.SLA);
        assertThat(plans.plan(PlanId.ENTERPRISE).features()).containsAll(List.of(Feature.values()));
        assertThat(plans.plan(PlanId.PRO).price().amountCents()).isEqualTo(2900);
    }

    @Test
    void eachRefusalSaysWhyAndWhatWouldChangeIt() {
        Decision stack = on(PlanId.FREE).createStack(1);
        assertThat(stack.code()).isEqualTo("ENTITLEMENT_STACK_LIMIT");
        assertThat(stack.reason()).isEqualTo("the Free plan allows 1 stack and this organisation has 1");
        assertThat(stack.hint()).isEqualTo("upgrade to Pro ($29/month) for 5 stacks");

        Decision sim = on(PlanId.FREE).useFullSimulation();
        assertThat(sim.code()).isEqualTo("ENTITLEMENT_FEATURE_NOT_IN_PLAN");
        assertThat(sim.reason()).isEqualTo("full simulation is not part of the Free plan");
        assertThat(sim.hint()).isEqualTo("upgrade to Pro ($29/month) to use full simulation");

        assertThat(on(PlanId.PRO).useSso().hint()).isEqualTo("upgrade to Team ($79/month) to use single sign-on");
        assertThat(on(PlanId.TEAM).createStack(20).hint()).contains("Enterprise").contains("unlimited stacks");
        assertThat(on(PlanId.TEAM).use(Feature.SLA).hint()).contains("Enterprise (custom price)");
    }

    @Test
    void eachPlanAllowsWhatItIncludes() {
        assertThat(on(PlanId.FREE).createStack(0).allowed()).isTrue();
        assertThat(on(PlanId.PRO).useFullSimulation().allowed()).isTrue();
        assertThat(on(PlanId.TEAM).collaborate().allowed()).isTrue();
        assertThat(on(PlanId.TEAM).useSso().allowed()).isTrue();
        assertThat(on(PlanId.ENTERPRISE).createStack(100_000).allowed()).isTrue();
        assertThat(on(PlanId.ENTERPRISE).use(Feature.SLA)).isEqualTo(Decision.allow());
    }

    @Test
    void overTheLimitTheOldestStacksStayWritableAndNoneIsDropped() {
        List<StackRef> stacks = List.of(
                new StackRef("b", Instant.parse("2026-01-02T00:00:00Z")),
                new StackRef("a", Instant.parse("2026-01-02T00:00:00Z")),
                new StackRef("c", Instant.parse("2026-01-01T00:00:00Z")),
                new StackRef("d", Instant.parse("2026-01-03T00:00:00Z")));
        StackAccess access = on(PlanId.FREE).stackAccess(stacks);
        assertThat(access.writable()).containsExactly("c");
        assertThat(access.readOnly()).containsExactly("a", "b", "d");
        assertThat(access.total()).isEqualTo(4);
        assertThat(on(PlanId.PRO).stackAccess(stacks).readOnly()).isEmpty();

        Decision d = on(PlanId.FREE).modifyStack("d", stacks);
        assertThat(d.code()).isEqualTo("ENTITLEMENT_STACK_READ_ONLY");
        assertThat(d.reason()).isEqualTo("stack d is read-only: the Free plan allows 1 stack, this organisation has 4, "
                + "and the oldest 1 stay writable");
        assertThat(d.hint()).isEqualTo("upgrade to Pro for 5 stacks, or delete stacks you no longer need");
        assertThat(on(PlanId.FREE).modifyStack("c", stacks).allowed()).isTrue();
    }

    @Test
    void anIncompleteOrPausedSubscriptionSaysSoInsteadOfAskingForAnUpgrade() {
        Entitlements incomplete = Entitlements.of(plans, new BillingState(ACME, "cus_1", "sub_1", PlanId.TEAM,
                SubscriptionStatus.INCOMPLETE, PlanId.FREE, null, false, null, null, false));
        assertThat(incomplete.useSso().code()).isEqualTo("ENTITLEMENT_SUBSCRIPTION_INCOMPLETE");
        Entitlements paused = Entitlements.of(plans, new BillingState(ACME, "cus_1", "sub_1", PlanId.PRO,
                SubscriptionStatus.PAUSED, PlanId.FREE, null, false, null, null, true));
        assertThat(paused.createStack(1).code()).isEqualTo("ENTITLEMENT_SUBSCRIPTION_PAUSED");
    }

    @Test
    void aLiveSubscriptionOnAPriceThatIsNoPlanSaysSoInsteadOfOfferingACheckoutThatWouldBeRefused() {
        Entitlements foreign = Entitlements.of(plans, new BillingState(ACME, "cus_1", "sub_1", null,
                SubscriptionStatus.ACTIVE, PlanId.FREE, null, false, null, null, true));

        for (Decision d : List.of(foreign.createStack(1), foreign.useFullSimulation(),
                foreign.modifyStack("b", List.of(new StackRef("a", Instant.EPOCH), new StackRef("b", Instant.MAX))))) {
            assertThat(d.code()).isIn("ENTITLEMENT_PRICE_NOT_A_PLAN", "ENTITLEMENT_STACK_READ_ONLY");
            assertThat(d.reason() + " " + d.hint()).contains("not a kombify plan").doesNotContain("upgrade to");
        }
        assertThat(foreign.createStack(1).code()).isEqualTo("ENTITLEMENT_PRICE_NOT_A_PLAN");
        assertThat(foreign.createStack(0).allowed()).isTrue();

        // once that subscription has ended, a checkout is possible again and upgrading is the remedy
        Entitlements ended = Entitlements.of(plans, new BillingState(ACME, "cus_1", "sub_1", null,
                SubscriptionStatus.CANCELED, PlanId.FREE, null, false, null, null, false));
        assertThat(ended.createStack(1).hint()).startsWith("upgrade to Pro");
    }

    @Test
    void aStackListedTwiceIsRefusedRatherThanGivenTwoWritableSlots() {
        List<StackRef> stacks = List.of(new StackRef("a", Instant.parse("2026-01-01T00:00:00Z")),
                new StackRef("a", Instant.parse("2026-01-02T00:00:00Z")),
                new StackRef("b", Instant.parse("2026-01-03T00:00:00Z")));
        assertThatThrownBy(() -> on(PlanId.PRO).stackAccess(stacks))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stack a is listed twice");
        assertThatThrownBy(() -> on(PlanId.FREE).modifyStack("b", stacks))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stack a is listed twice");
    }

    @Test
    void organisationIdsAreLimitedToSafeCharacters() {
        assertThat(OrganizationId.isValid("org_01HQ-x.y:z@w")).isTrue();
        assertThat(OrganizationId.isValid("a'b")).isFalse();
        assertThat(OrganizationId.isValid("")).isFalse();
        assertThat(OrganizationId.isValid("x".repeat(129))).isFalse();
    }
}
