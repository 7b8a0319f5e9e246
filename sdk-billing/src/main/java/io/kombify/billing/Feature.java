package io.kombify.billing;

/** Something a plan may include beyond its number of stacks. */
public enum Feature {
    /** Simulating a stack's deployment and its basic faults. */
    BASIC_SIMULATION("basic simulation"),
    /** Every fault kind, long runs and reports. */
    FULL_SIMULATION("full simulation"),
    /** Help through the community forum. */
    COMMUNITY_SUPPORT("community support"),
    /** Help from the kombify team, answered first. */
    PRIORITY_SUPPORT("priority support"),
    /** Teams, shared stacks and roles within an organisation. */
    TEAM_COLLABORATION("team collaboration"),
    /** Sign-in through the organisation's own identity provider. */
    SSO("single sign-on"),
    /** A contractual service level. */
    SLA("service level agreement");

    private final String label;

    Feature(String label) {
        this.label = label;
    }

    /** How the feature is called in messages, such as {@code full simulation}. */
    public String label() {
        return label;
    }
}
