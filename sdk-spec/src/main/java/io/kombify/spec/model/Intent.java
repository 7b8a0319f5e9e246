package io.kombify.spec.model;

import java.util.List;
import java.util.Map;

/**
 * A goal that tunes smart defaults, written either as a bare name
 * ({@code - media-server}) or in detail ({@code - intent: media-server, priority: high}).
 */
public sealed interface Intent permits Intent.Simple, Intent.Detailed {
    /** The goal. */
    IntentKind kind();

    /**
     * The bare form.
     *
     * @param kind the goal
     */
    record Simple(IntentKind kind) implements Intent {
    }

    /**
     * The detailed form.
     *
     * @param intent       the goal; required
     * @param priority     default {@code medium}
     * @param constraints  free-form constraints (open)
     * @param features     requested features
     * @param integrations requested integrations
     */
    record Detailed(@Required IntentKind intent, Priority priority, Map<String, Object> constraints, List<String> features, List<String> integrations)
            implements Intent {
        public Detailed {
            constraints = Copies.map(constraints);
            features = Copies.list(features);
            integrations = Copies.list(integrations);
        }

        @Override
        public IntentKind kind() {
            return intent;
        }
    }
}
