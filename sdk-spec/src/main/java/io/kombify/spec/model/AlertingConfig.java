package io.kombify.spec.model;

import java.util.List;

/**
 * Alerting.
 *
 * @param enabled  default false
 * @param channels where alerts go
 */
public record AlertingConfig(Boolean enabled, List<AlertChannel> channels) {
    public AlertingConfig {
        channels = Copies.list(channels);
    }
}
