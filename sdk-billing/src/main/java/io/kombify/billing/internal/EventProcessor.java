package io.kombify.billing.internal;

import io.kombify.billing.BillingEvent;
import io.kombify.billing.BillingListener;
import io.kombify.billing.BillingState;
import io.kombify.billing.OrganizationId;
import io.kombify.billing.SubscriptionStatus;
import io.kombify.billing.WebhookResult;
import io.kombify.billing.WebhookResult.Outcome;
import io.kombify.billing.spi.CustomerRecord;
import io.kombify.billing.spi.GatewayEvent;
import io.kombify.billing.spi.ObservationKey;
import io.kombify.billing.spi.ProcessedEventStore;
import io.kombify.billing.spi.SubscriptionSnapshot;
import io.kombify.billing.spi.SubscriptionStore;
import io.kombify.core.KombifyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Processes verified gateway events: each claimed in the {@link ProcessedEventStore} so that one
 * delivery at a time processes it and a delivery after its completion does nothing, and each
 * merged into the records of the {@link SubscriptionStore} as an observation, so that the result
 * depends neither on the order of delivery nor on how often an event is applied. Thread-safe.
 */
public final class EventProcessor {
    private final SubscriptionStore store;
    private final ProcessedEventStore processed;
    private final StateView view;
    private final BillingListener listener;
    private final Clock clock;
    private final Duration lease;

    public EventProcessor(SubscriptionStore store, ProcessedEventStore processed, StateView view,
                          BillingListener listener, Clock clock, Duration lease) {
        this.store = Objects.requireNonNull(store, "store");
        this.processed = Objects.requireNonNull(processed, "processed");
        this.view = Objects.requireNonNull(view, "view");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lease = Objects.requireNonNull(lease, "lease");
    }

    /** Processes {@code event} unless it was processed before. */
    public WebhookResult process(GatewayEvent event) {
        String id = event.id();
        String type = event.type();
        ProcessedEventStore.Claim claim;
        try {
            claim = processed.claim(id, clock.instant(), lease);
        } catch (RuntimeException e) {
            return failed(event, e);
        }
        switch (claim.status()) {
            case ALREADY_PROCESSED -> {
                notify(new BillingEvent.DuplicateEvent(id, type));
                return new WebhookResult(Outcome.DUPLICATE, id, type, "WEBHOOK_DUPLICATE",
                        "event " + id + " was processed before; this delivery is acknowledged and ignored");
            }
            case IN_PROGRESS -> {
                notify(new BillingEvent.EventInProgress(id, type));
                return new WebhookResult(Outcome.IN_PROGRESS, id, type, "WEBHOOK_IN_PROGRESS",
                        "event " + id + " is being processed by another delivery; deliver it again later");
            }
            case CLAIMED -> {
                // processed below
            }
        }
        try {
            if (event instanceof GatewayEvent.Unhandled u) {
                // a completed claim answers later deliveries of it as duplicates
                processed.complete(id, claim.token(), clock.instant());
                String message = "event " + id + " acknowledged without action: " + u.reason();
                notify(new BillingEvent.EventIgnored(id, type, u.code(), message));
                return new WebhookResult(Outcome.IGNORED, id, type, u.code(), message);
            }
            apply(event);
            // answers false when this delivery outlived its lease and another one took the claim over:
            // that one completes it, and applying the event twice changes nothing
            processed.complete(id, claim.token(), clock.instant());
            return new WebhookResult(Outcome.PROCESSED, id, type, "WEBHOOK_PROCESSED", "event " + id + " processed");
        } catch (RuntimeException e) {
            try {
                processed.release(id, claim.token());
            } catch (RuntimeException ignored) {
                // the claim expires by itself after the lease
            }
            return failed(event, e);
        }
    }

    /**
     * A failure's result. Its message names only the exception's class: a store's message may
     * name hosts, users or queries, and the result is answered to the gateway and logged. The
     * exception itself goes to the listener.
     */
    private WebhookResult failed(GatewayEvent event, RuntimeException e) {
        String code = e instanceof KombifyException k ? k.code() : "BILLING_STORE_FAILED";
        String message = "processing event " + event.id() + " failed (" + e.getClass().getSimpleName()
                + "); it will be delivered again";
        notify(new BillingEvent.EventFailed(event.id(), event.type(), code, message, e));
        return new WebhookResult(Outcome.FAILED, event.id(), event.type(), code, message);
    }

    private void apply(GatewayEvent event) {
        String customerId = customerOf(event);
        Set<OrganizationId> touched = new LinkedHashSet<>();
        if (customerId != null) {
            store.customer(customerId).flatMap(CustomerRecord::organizationId).ifPresent(touched::add);
        }
        organizationNamedBy(event).ifPresent(touched::add);
        Instant now = clock.instant();
        Map<OrganizationId, BillingState> before = new LinkedHashMap<>();
        for (OrganizationId org : touched) {
            before.put(org, view.read(org, now));
        }

        merge(event);

        OrganizationId owner = null;
        if (customerId != null) {
            owner = store.customer(customerId).flatMap(CustomerRecord::organizationId).orElse(null);
            if (owner == null) {
                notify(new BillingEvent.CustomerUnattributed(event.id(), customerId));
            } else {
                touched.add(owner);
            }
        }
        notify(new BillingEvent.EventProcessed(event.id(), event.type(), owner));
        for (OrganizationId org : touched) {
            BillingState after = view.read(org, now);
            BillingState was = before.getOrDefault(org, BillingState.free(org, null));
            if (!after.equals(was)) {
                notify(new BillingEvent.StateChanged(was, after));
            }
        }
    }

    private void merge(GatewayEvent event) {
        if (event instanceof GatewayEvent.CheckoutCompleted e) {
            if (e.customerId() != null && e.organization() != null) {
                ObservationKey key = attribution(e);
                store.updateCustomer(e.customerId(), c -> c.withOrganization(e.organization(), key));
            }
        } else if (event instanceof GatewayEvent.CustomerUpdated e) {
            ObservationKey key = attribution(e);
            store.updateCustomer(e.customerId(), c -> {
                CustomerRecord merged = e.organization() == null ? c : c.withOrganization(e.organization(), key);
                return e.email() == null ? merged : merged.withEmail(e.email(), key);
            });
        } else if (event instanceof GatewayEvent.SubscriptionChanged e) {
            SubscriptionSnapshot s = e.subscription();
            SubscriptionStatus status = s.status();
            if (s.organization() != null) {
                // the link of a customer to its organisation does not end with the subscription
                // (never the subscription's possibly final key), and what the customer itself says
                // outranks the metadata a subscription repeats on every renewal
                ObservationKey link = new ObservationKey(false, e.created(), ObservationKey.SOURCE_METADATA, 0, e.id());
                store.updateCustomer(s.customerId(), c -> c.withOrganization(s.organization(), link));
            }
            ObservationKey key = new ObservationKey(status.terminal(), e.created(), ObservationKey.SOURCE_SNAPSHOT,
                    status.rank(), e.id());
            store.updateSubscription(s.subscriptionId(), r -> r.withSnapshot(s, key));
            if (s.plan() == null) {
                notify(new BillingEvent.UnknownPrice(s.subscriptionId(), s.priceId()));
            }
        } else if (event instanceof GatewayEvent.InvoiceSettled e) {
            SubscriptionStatus implied = e.paid() ? SubscriptionStatus.ACTIVE : SubscriptionStatus.PAST_DUE;
            ObservationKey key = new ObservationKey(false, e.created(), ObservationKey.SOURCE_INVOICE,
                    implied.rank(), e.id());
            store.updateSubscription(e.subscriptionId(), r -> r.withInvoice(e.customerId(), e.paid(), key));
        }
    }

    /** The key of what an event about the customer itself says about its organisation. */
    private static ObservationKey attribution(GatewayEvent event) {
        return new ObservationKey(false, event.created(), ObservationKey.SOURCE_SNAPSHOT, 0, event.id());
    }

    private static String customerOf(GatewayEvent event) {
        if (event instanceof GatewayEvent.CheckoutCompleted e) {
            return e.customerId();
        }
        if (event instanceof GatewayEvent.CustomerUpdated e) {
            return e.customerId();
        }
        if (event instanceof GatewayEvent.SubscriptionChanged e) {
            return e.subscription().customerId();
        }
        if (event instanceof GatewayEvent.InvoiceSettled e) {
            return e.customerId();
        }
        return null;
    }

    private static Optional<OrganizationId> organizationNamedBy(GatewayEvent event) {
        if (event instanceof GatewayEvent.CheckoutCompleted e) {
            return Optional.ofNullable(e.organization());
        }
        if (event instanceof GatewayEvent.CustomerUpdated e) {
            return Optional.ofNullable(e.organization());
        }
        if (event instanceof GatewayEvent.SubscriptionChanged e) {
            return Optional.ofNullable(e.subscription().organization());
        }
        return Optional.empty();
    }

    private void notify(BillingEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException ignored) {
            // a broken listener never fails a webhook
        }
    }
}
