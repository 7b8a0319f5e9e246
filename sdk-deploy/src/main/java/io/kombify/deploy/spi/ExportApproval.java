package io.kombify.deploy.spi;

/**
 * Decides whether a plan the format's tool made may be applied, as the confirmation of
 * {@code kombify apply} does: an exporter that applies calls it with each plan it is about to
 * apply (an export that applies in two steps asks twice) and applies nothing it declines. It is
 * called on the thread running the export, after the tool's plan is complete and before anything
 * of it is applied; it may block (to ask a person), and an exporter treats an exception from it as
 * a refusal.
 */
@FunctionalInterface
public interface ExportApproval {

    /** Approves every plan, as {@code --auto-approve} does. */
    ExportApproval ALWAYS = plan -> true;

    /** Declines every plan: an apply stops after planning and changes nothing. */
    ExportApproval NEVER = plan -> false;

    /**
     * Whether to apply this plan.
     *
     * @param plan the tool's plan ({@link ExportMode#PLAN}): its changes and diagnostics, including
     *             warnings that say what the plan leaves for a later step
     */
    boolean approve(ExportRun plan);
}
