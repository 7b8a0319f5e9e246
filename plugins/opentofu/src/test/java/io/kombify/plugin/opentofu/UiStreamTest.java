package io.kombify.plugin.opentofu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.core.KombifyException;
import io.kombify.deploy.Action;
import io.kombify.deploy.ApplyStatus;
import io.kombify.deploy.DeployEvent;
import io.kombify.deploy.ResourceId;
import io.kombify.deploy.spi.ExportChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * tofu's machine-readable output, with the sample lines of OpenTofu's documentation
 * (https://opentofu.org/docs/internals/machine-readable-ui/), turned into changes and events.
 */
class UiStreamTest {

    // The documentation's sample output of `tofu apply -json`, line by line.
    static final String VERSION = "{\"@level\":\"info\",\"@message\":\"OpenTofu 1.6.0\",\"@module\":\"tofu.ui\","
            + "\"@timestamp\":\"2021-05-25T13:32:41.275359-04:00\",\"tofu\":\"0.15.4\",\"type\":\"version\",\"ui\":\"0.1.0\"}";
    static final String PLANNED = "{\"@level\":\"info\",\"@message\":\"random_pet.animal: Plan to create\",\"@module\":\"tofu.ui\","
            + "\"@timestamp\":\"2021-05-25T13:32:41.705503-04:00\",\"change\":{\"resource\":{\"addr\":\"random_pet.animal\","
            + "\"module\":\"\",\"resource\":\"random_pet.animal\",\"implied_provider\":\"random\",\"resource_type\":\"random_pet\","
            + "\"resource_name\":\"animal\",\"resource_key\":null},\"action\":\"create\"},\"type\":\"planned_change\"}";
    static final String PLAN_SUMMARY = "{\"@level\":\"info\",\"@message\":\"Plan: 1 to add, 0 to change, 0 to destroy.\","
            + "\"@module\":\"tofu.ui\",\"@timestamp\":\"2021-05-25T13:32:41.705638-04:00\",\"changes\":{\"add\":1,\"change\":0,"
            + "\"remove\":0,\"operation\":\"plan\"},\"type\":\"change_summary\"}";
    static final String APPLY_START = "{\"@level\":\"info\",\"@message\":\"random_pet.animal: Creating...\",\"@module\":\"tofu.ui\","
            + "\"@timestamp\":\"2021-05-25T13:32:41.825308-04:00\",\"hook\":{\"resource\":{\"addr\":\"random_pet.animal\","
            + "\"module\":\"\",\"resource\":\"random_pet.animal\",\"implied_provider\":\"random\",\"resource_type\":\"random_pet\","
            + "\"resource_name\":\"animal\",\"resource_key\":null},\"action\":\"create\"},\"type\":\"apply_start\"}";
    static final String APPLY_COMPLETE = "{\"@level\":\"info\",\"@message\":\"random_pet.animal: Creation complete after 0s "
            + "[id=smart-lizard]\",\"@module\":\"tofu.ui\",\"@timestamp\":\"2021-05-25T13:32:41.826179-04:00\",\"hook\":{\"resource\":"
            + "{\"addr\":\"random_pet.animal\",\"module\":\"\",\"resource\":\"random_pet.animal\",\"implied_provider\":\"random\","
            + "\"resource_type\":\"random_pet\",\"resource_name\":\"animal\",\"resource_key\":null},\"action\":\"create\","
            + "\"id_key\":\"id\",\"id_value\":\"smart-lizard\",\"elapsed_seconds\":0},\"type\":\"apply_complete\"}";
    static final String APPLY_SUMMARY = "{\"@level\":\"info\",\"@message\":\"Apply complete! Resources: 1 added, 0 changed, "
            + "0 destroyed.\",\"@module\":\"tofu.ui\",\"@timestamp\":\"2021-05-25T13:32:41.869168-04:00\",\"changes\":{\"add\":1,"
            + "\"change\":0,\"remove\":0,\"operation\":\"apply\"},\"type\":\"change_summary\"}";
    static final String OUTPUTS = "{\"@level\":\"info\",\"@message\":\"Outputs: 1\",\"@module\":\"tofu.ui\",\"@timestamp\":"
            + "\"2021-05-25T13:32:41.869280-04:00\",\"outputs\":{\"pets\":{\"sensitive\":false,\"type\":\"string\","
            + "\"value\":\"smart-lizard\"}},\"type\":\"outputs\"}";
    // The documentation's apply_errored and resource_drift examples, on one line each.
    static final String APPLY_ERRORED = "{\"@level\":\"info\",\"@message\":\"null_resource.none[0]: Creation errored after 10s\","
            + "\"@module\":\"tofu.ui\",\"@timestamp\":\"2021-03-26T16:38:54.013910-04:00\",\"hook\":{\"resource\":{\"addr\":"
            + "\"null_resource.none[0]\",\"module\":\"\",\"resource\":\"null_resource.none[0]\",\"implied_provider\":\"null\","
            + "\"resource_type\":\"null_resource\",\"resource_name\":\"none\",\"resource_key\":0},\"action\":\"create\","
            + "\"elapsed_seconds\":10},\"type\":\"apply_errored\"}";
    static final String DRIFT = "{\"@level\":\"info\",\"@message\":\"random_pet.animal: Drift detected (update)\",\"@module\":"
            + "\"tofu.ui\",\"@timestamp\":\"2021-05-25T13:32:41.705503-04:00\",\"change\":{\"resource\":{\"addr\":"
            + "\"random_pet.animal\",\"module\":\"\",\"resource\":\"random_pet.animal\",\"implied_provider\":\"random\","
            + "\"resource_type\":\"random_pet\",\"resource_name\":\"animal\",\"resource_key\":null},\"action\":\"update\"},"
            + "\"type\":\"resource_drift\"}";
    static final String DIAGNOSTIC = "{\"@level\":\"error\",\"@message\":\"Error: Missing required argument\",\"@module\":"
            + "\"tofu.ui\",\"diagnostic\":{\"severity\":\"error\",\"summary\":\"Missing required argument\",\"detail\":"
            + "\"The argument \\\"location\\\" is required, but no definition was found.\",\"range\":{\"filename\":"
            + "\"main.tf.json\",\"start\":{\"line\":24,\"column\":7,\"byte\":568},\"end\":{\"line\":24,\"column\":8,"
            + "\"byte\":569}}},\"type\":\"diagnostic\"}";

    private static final ResourceId ANIMAL = ResourceId.parse("random_pet.animal");

    private final List<DeployEvent> events = new ArrayList<>();

    private UiStream stream(UiStream.Phase phase, Map<String, ResourceId> addresses) {
        return new UiStream(phase, events::add, addresses);
    }

    @Test
    void aPlanGivesItsChangesInKombifysVocabularyAndAPlanReadyEvent() {
        UiStream plan = stream(UiStream.Phase.PLAN, Map.of());
        for (String line : List.of(VERSION, PLANNED, PLAN_SUMMARY)) {
            plan.accept(line);
        }

        assertThat(plan.tool()).isEqualTo("OpenTofu 1.6.0");
        assertThat(plan.changes()).containsExactly(new ExportChange("random_pet.animal", ANIMAL, Action.CREATE, ""));
        assertThat(events).singleElement().isInstanceOfSatisfying(DeployEvent.PlanReady.class,
                e -> assertThat(e.counts()).containsEntry(Action.CREATE, 1).containsEntry(Action.DELETE, 0));
    }

    @Test
    void anApplyBecomesStepEventsOfTheKombifyResources() {
        UiStream apply = stream(UiStream.Phase.APPLY, Map.of("random_pet.animal", ResourceId.parse("container.pet")));
        for (String line : List.of(VERSION, PLANNED, PLAN_SUMMARY, APPLY_START, APPLY_COMPLETE, APPLY_SUMMARY, OUTPUTS)) {
            apply.accept(line);
        }
        ApplyStatus status = apply.finishApply(true, false, Duration.ofSeconds(1));

        ResourceId pet = ResourceId.parse("container.pet");
        assertThat(status).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(events).containsExactly(
                new DeployEvent.ApplyStarted(1, UiStream.PARALLELISM),
                new DeployEvent.StepStarted(pet, Action.CREATE, 1),
                new DeployEvent.StepSucceeded(pet, Action.CREATE, Duration.ZERO),
                new DeployEvent.ApplyFinished(ApplyStatus.SUCCEEDED, 0, Duration.ofSeconds(1)));
        assertThat(apply.diagnostics()).isEmpty();
    }

    @Test
    void anErroredApplyFailsItsStepSkipsWhatNeverStartedAndKeepsTofusDiagnostic() {
        String plannedNone = PLANNED.replace("random_pet.animal", "null_resource.none[0]")
                .replace("\"resource_type\":\"random_pet\"", "\"resource_type\":\"null_resource\"")
                .replace("\"resource_name\":\"animal\",\"resource_key\":null", "\"resource_name\":\"none\",\"resource_key\":0");
        UiStream apply = stream(UiStream.Phase.APPLY, Map.of());
        for (String line : List.of(VERSION, plannedNone, PLANNED, APPLY_ERRORED, DIAGNOSTIC)) {
            apply.accept(line);
        }
        ApplyStatus status = apply.finishApply(false, false, Duration.ofSeconds(10));

        ResourceId none = ResourceId.parse("null_resource.none-0");
        assertThat(status).isEqualTo(ApplyStatus.FAILED);
        assertThat(events).containsExactly(
                new DeployEvent.StepFailed(none, Action.CREATE, "TOFU_APPLY_ERRORED",
                        "null_resource.none[0]: Creation errored after 10s"),
                new DeployEvent.StepSkipped(ANIMAL, Action.CREATE, "not applied: OpenTofu stopped after an error"),
                new DeployEvent.ApplyFinished(ApplyStatus.FAILED, 0, Duration.ofSeconds(10)));
        assertThat(apply.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.isError()).isTrue();
            assertThat(d.code()).isEqualTo("TOFU_ERROR");
            assertThat(d.message()).isEqualTo("Missing required argument: The argument \"location\" is required, but no "
                    + "definition was found. (main.tf.json:24:7)");
        });
    }

    @Test
    void aReplacementIsOneStepThoughTofuDeletesAndCreates() {
        String planned = PLANNED.replace("\"action\":\"create\"}", "\"action\":\"replace\",\"reason\":\"cannot_update\"}");
        UiStream apply = stream(UiStream.Phase.APPLY, Map.of());
        apply.accept(planned);
        apply.accept(APPLY_START.replace("\"action\":\"create\"", "\"action\":\"delete\""));
        apply.accept(APPLY_COMPLETE.replace("\"action\":\"create\"", "\"action\":\"delete\""));
        apply.accept(APPLY_START);
        apply.accept(APPLY_COMPLETE);
        apply.finishApply(true, false, Duration.ZERO);

        assertThat(apply.changes()).containsExactly(new ExportChange("random_pet.animal", ANIMAL, Action.REPLACE,
                "cannot_update"));
        assertThat(events).filteredOn(e -> e instanceof DeployEvent.StepStarted || e instanceof DeployEvent.StepSucceeded)
                .containsExactly(new DeployEvent.StepStarted(ANIMAL, Action.REPLACE, 1),
                        new DeployEvent.StepSucceeded(ANIMAL, Action.REPLACE, Duration.ZERO));
    }

    @Test
    void driftIsReportedApartFromThePlannedChanges() {
        UiStream plan = stream(UiStream.Phase.PLAN, Map.of());
        plan.accept(DRIFT);

        assertThat(plan.drift()).containsExactly(new ExportChange("random_pet.animal", ANIMAL, Action.UPDATE,
                "changed outside OpenTofu"));
        assertThat(plan.changes()).isEmpty();
    }

    @Test
    void aLaterMajorVersionOfTheOutputIsRefused() {
        UiStream plan = stream(UiStream.Phase.PLAN, Map.of());

        assertThatThrownBy(() -> plan.accept(VERSION.replace("\"ui\":\"0.1.0\"", "\"ui\":\"2.0\"")))
                .isInstanceOfSatisfying(KombifyException.class, e -> assertThat(e.code()).isEqualTo("TOFU_UI_UNSUPPORTED"));
    }

    @Test
    void linesThatAreNotMessagesAreKeptAsTextForErrors() {
        UiStream plan = stream(UiStream.Phase.PLAN, Map.of());
        plan.accept("Error: Could not load plugin");
        plan.accept("{\"@level\":\"info\",\"@message\":\"something new\",\"type\":\"future_message\"}");
        plan.accept(OUTPUTS);

        assertThat(plan.text()).containsExactly("Error: Could not load plugin", "something new");
        assertThat(events).isEmpty();
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheStream() {
        UiStream plan = new UiStream(UiStream.Phase.PLAN, e -> {
            throw new IllegalStateException("broken display");
        }, Map.of());
        plan.accept(PLANNED);
        plan.accept(PLAN_SUMMARY);

        assertThat(plan.changes()).hasSize(1);
    }
}
