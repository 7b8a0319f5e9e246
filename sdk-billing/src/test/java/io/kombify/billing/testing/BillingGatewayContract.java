package io.kombify.billing.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.billing.BillingException;
import io.kombify.billing.CheckoutSession;
import io.kombify.billing.Customer;
import io.kombify.billing.OrganizationId;
import io.kombify.billing.PlanId;
import io.kombify.billing.PortalSession;
import io.kombify.billing.spi.BillingGateway;
import io.kombify.billing.spi.CheckoutRequest;
import io.kombify.billing.spi.CreatedCustomer;
import io.kombify.billing.spi.CustomerRequest;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link BillingGateway} must pass: extend it and return a gateway with an
 * empty account from {@link #newGateway()} that sells Pro and Team. The development gateway runs
 * it in memory, the Stripe gateway against a fake of Stripe's API.
 */
public abstract class BillingGatewayContract {
    private static final OrganizationId ACME = OrganizationId.of("acme");
    private static final String SUCCESS = "https://app.example.org/billing/done?session={CHECKOUT_SESSION_ID}";
    private static final String CANCEL = "https://app.example.org/billing";
    private static final URI RETURN = URI.create(CANCEL);

    /** A gateway with an empty account. */
    protected abstract BillingGateway newGateway();

    @Test
    void aCreatedCustomerIsFoundByItsOrganisation() {
        BillingGateway gateway = newGateway();
        assertThat(gateway.findCustomer(ACME)).isEmpty();
        CreatedCustomer answer = gateway.createCustomer(new CustomerRequest(ACME, "billing@acme.example", "ACME", "key-1"));
        assertThat(answer.replayed()).isFalse();
        Customer created = answer.customer();

        assertThat(created.organization()).isEqualTo(ACME);
        assertThat(created.email()).isEqualTo("billing@acme.example");
        assertThat(gateway.findCustomer(ACME)).map(Customer::id).contains(created.id());
        assertThat(gateway.findCustomer(OrganizationId.of("globex"))).isEmpty();
    }

    @Test
    void aRetriedCreationWithTheSameKeyCreatesNothingNew() {
        BillingGateway gateway = newGateway();
        CreatedCustomer firstAnswer = gateway.createCustomer(new CustomerRequest(ACME, null, null, "key-1"));
        CreatedCustomer againAnswer = gateway.createCustomer(new CustomerRequest(ACME, null, null, "key-1"));
        Customer first = firstAnswer.customer();
        assertThat(againAnswer.customer().id()).isEqualTo(first.id());
        assertThat(firstAnswer.replayed()).isFalse();
        assertThat(againAnswer.replayed()).as("the answer to a repeated request says it is one").isTrue();

        CheckoutRequest request = new CheckoutRequest(ACME, first.id(), PlanId.PRO, SUCCESS, CANCEL, "key-2");
        CheckoutSession session = gateway.createCheckoutSession(request);
        assertThat(gateway.createCheckoutSession(request).id()).isEqualTo(session.id());
        assertThat(session.plan()).isEqualTo(PlanId.PRO);
        assertThat(session.url().getScheme()).isIn("http", "https");

        PortalSession portal = gateway.createPortalSession(first.id(), RETURN, "key-3");
        assertThat(gateway.createPortalSession(first.id(), RETURN, "key-3").id()).isEqualTo(portal.id());
    }

    @Test
    void theFreePlanCannotBeBought() {
        BillingGateway gateway = newGateway();
        Customer c = gateway.createCustomer(new CustomerRequest(ACME, null, null, "key-1")).customer();
        assertThatThrownBy(() -> gateway.createCheckoutSession(
                new CheckoutRequest(ACME, c.id(), PlanId.FREE, SUCCESS, CANCEL, "key-2")))
                .isInstanceOf(BillingException.class)
                .extracting(e -> ((BillingException) e).code()).isEqualTo("BILLING_PLAN_NOT_PURCHASABLE");
    }

    @Test
    void aNewCustomerHasNoInvoicesAndNoSubscription() {
        BillingGateway gateway = newGateway();
        Customer c = gateway.createCustomer(new CustomerRequest(ACME, null, null, "key-1")).customer();
        assertThat(gateway.invoices(c.id(), 10)).isEmpty();
        assertThat(gateway.currentSubscription(c.id())).isEmpty();
    }

    @Test
    void invoicesAreListedOneToAHundredAtATime() {
        BillingGateway gateway = newGateway();
        Customer c = gateway.createCustomer(new CustomerRequest(ACME, null, null, "key-1")).customer();
        assertThat(gateway.invoices(c.id(), BillingGateway.MAX_INVOICES)).isEmpty();
        assertThatThrownBy(() -> gateway.invoices(c.id(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 100");
        assertThatThrownBy(() -> gateway.invoices(c.id(), 101)).isInstanceOf(IllegalArgumentException.class);
    }
}
