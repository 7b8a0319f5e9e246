package io.kombify.billing.stripe;

import io.kombify.billing.PlanId;
import io.kombify.billing.spi.BillingGateway;
import io.kombify.billing.testing.BillingGatewayContract;
import io.kombify.core.Secret;
import io.kombify.core.SecretRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

class StripeGatewayContractTest extends BillingGatewayContract {
    private StripeFake fake;

    @Override
    protected BillingGateway newGateway() {
        try {
            fake = StripeFake.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StripePrices prices = StripePrices.of(Map.of(PlanId.PRO, List.of("price_pro"), PlanId.TEAM, List.of("price_team")));
        return StripeGateway.create(StripeSettings.of(Secret.of(new SecretRef("stripe-api-key"), "sk_test_contract"), prices)
                .withApiBase(fake.apiBase()).withMaxNetworkRetries(0));
    }

    @AfterEach
    void stopFake() {
        if (fake != null) {
            fake.close();
        }
    }
}
