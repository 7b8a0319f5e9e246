package io.kombify.billing.stripe;

import io.kombify.billing.PlanId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which Stripe prices stand for which plan. A plan may have several prices (monthly and yearly,
 * an old price kept for existing subscribers); the first is the one a new checkout uses. A price
 * whose lookup key is {@code kombify_<plan>} (such as {@code kombify_pro}) stands for that plan
 * too, so prices can be marked in Stripe instead of listed here.
 */
public final class StripePrices {
    private final Map<PlanId, List<String>> byPlan;
    private final Map<String, PlanId> byPrice;

    private StripePrices(Map<PlanId, List<String>> byPlan) {
        Map<PlanId, List<String>> copy = new EnumMap<>(PlanId.class);
        Map<String, PlanId> reverse = new HashMap<>();
        byPlan.forEach((plan, prices) -> {
            copy.put(plan, List.copyOf(prices));
            for (String price : prices) {
                PlanId other = reverse.put(price, plan);
                if (other != null && other != plan) {
                    throw new IllegalArgumentException("price " + price + " is given for both " + other.key()
                            + " and " + plan.key());
                }
            }
        });
        this.byPlan = copy;
        this.byPrice = reverse;
    }

    /** Prices by plan; each list's first price is the one checkouts use. */
    public static StripePrices of(Map<PlanId, List<String>> byPlan) {
        return new StripePrices(Objects.requireNonNull(byPlan, "byPlan"));
    }

    /** No prices: only lookup keys identify plans. */
    public static StripePrices none() {
        return new StripePrices(Map.of());
    }

    /** The price a checkout of {@code plan} uses. */
    public Optional<String> checkoutPrice(PlanId plan) {
        List<String> prices = byPlan.get(plan);
        return prices == null || prices.isEmpty() ? Optional.empty() : Optional.of(prices.get(0));
    }

    /** The plan a price stands for, by its id or else by its lookup key (either may be {@code null}). */
    public Optional<PlanId> planOf(String priceId, String lookupKey) {
        PlanId plan = priceId == null ? null : byPrice.get(priceId);
        if (plan != null) {
            return Optional.of(plan);
        }
        if (lookupKey != null && lookupKey.startsWith("kombify_")) {
            return PlanId.fromKey(lookupKey.substring("kombify_".length()));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "StripePrices" + byPlan;
    }
}
