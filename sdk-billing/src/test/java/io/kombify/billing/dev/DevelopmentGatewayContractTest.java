package io.kombify.billing.dev;

import io.kombify.billing.spi.BillingGateway;
import io.kombify.billing.testing.BillingGatewayContract;

class DevelopmentGatewayContractTest extends BillingGatewayContract {
    @Override
    protected BillingGateway newGateway() {
        return DevelopmentGateway.builder().autoCompleteCheckout(false).build();
    }
}
