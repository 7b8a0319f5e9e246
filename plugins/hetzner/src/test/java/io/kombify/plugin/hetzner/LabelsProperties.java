package io.kombify.plugin.hetzner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.deploy.ResourceId;
import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.ErrorKind;
import io.kombify.deploy.spi.ProviderContext;
import io.kombify.deploy.spi.ProviderException;
import io.kombify.deploy.spi.SecretResolver;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

/** kombify's labels map onto Hetzner's label syntax, and back, without loss where the length allows. */
class LabelsProperties {

    /** The value rule of the API document ({@code components.schemas.labels}). */
    private static final Pattern HETZNER_VALUE = Pattern.compile("^(()|[a-z0-9A-Z]|([a-z0-9A-Z][a-z0-9A-Z\\._-]{0,61}[a-z0-9A-Z]))$");

    @Property
    void everyValueBecomesAValidLabelValue(@ForAll @StringLength(max = 80) String value) {
        assertThat(Labels.encodeValue(value)).matches(HETZNER_VALUE);
    }

    @Property
    void aValueComesBackUnchangedUnlessItHadToBeHashed(@ForAll @StringLength(max = 40) String value) {
        String label = Labels.encodeValue(value);
        if (label.startsWith("h_")) {
            assertThat(Labels.decodeValue(label)).isEmpty();
        } else {
            assertThat(Labels.decodeValue(label)).contains(value);
        }
    }

    @Property
    void everyPrintableValueOfUpTo20CharactersComesBack(@ForAll @StringLength(max = 20) @CharRange(from = ' ', to = '~') String value) {
        assertThat(Labels.decodeValue(Labels.encodeValue(value))).contains(value);
    }

    @Property
    void differentValuesNeverShareALabel(@ForAll @StringLength(max = 30) String a, @ForAll @StringLength(max = 30) String b) {
        if (!a.equals(b)) {
            assertThat(Labels.encodeValue(a)).isNotEqualTo(Labels.encodeValue(b));
        }
    }

    @Example
    void valuesThatAreValidAndHaveNoUnderscoreStayAsTheyAre() {
        assertThat(Labels.encodeValue("contract-test")).isEqualTo("contract-test");
        assertThat(Labels.encodeValue("machine.web")).isEqualTo("machine.web");
        assertThat(Labels.encodeValue("0123456789abcdef0123456789abcdef")).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(Labels.encodeValue("ssh_key.lab")).isEqualTo("essh_5Fkey.labe");
        assertThat(Labels.encodeValue("10.0.1.0/24")).isEqualTo("e10.0.1.0_2F24e");
        assertThat(Labels.encodeValue("-edge-")).isEqualTo("e_2Dedge_2De");
        String hashed = Labels.encodeValue("x".repeat(70));
        assertThat(hashed).startsWith("h_").hasSize(42);
        assertThat(Labels.decodeValue(hashed)).isEmpty();
    }

    @Example
    void ownershipAndUserLabelsAreKeptApartAndRoundTrip() {
        ResourceId id = ResourceId.of(ResourceType.MACHINE, "web");
        ProviderContext context = new ProviderContext("my lab", Map.of(ProviderContext.LABEL_STACK, "my lab",
                ProviderContext.LABEL_RESOURCE, "machine.web", ProviderContext.LABEL_IDEMPOTENCY_KEY, "k".repeat(32)),
                SecretResolver.NONE);
        Map<String, String> labels = Labels.forResource(id, Map.of("labels", Map.of("site", "nbg1",
                "Owner Name", "Sam Smith", "topology.kubernetes.io/region", "eu")), context);

        assertThat(labels).containsEntry("kombify.io/stack", "emy_20labe").containsEntry("site", "nbg1")
                .containsEntry("label.kombify.io/eOwner_20Namee", "eSam_20Smithe")
                .containsEntry("topology.kubernetes.io/region", "eu");
        assertThat(labels).allSatisfy((k, v) -> {
            assertThat(Labels.validKey(k)).as(k).isTrue();
            assertThat(v).matches(HETZNER_VALUE);
        });
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object> asRead = (Map) labels;
        assertThat(Labels.decodeUserLabels(asRead)).containsExactlyInAnyOrderEntriesOf(Map.of("site", "nbg1",
                "Owner Name", "Sam Smith", "topology.kubernetes.io/region", "eu"));
        assertThat(Labels.value(asRead, ProviderContext.LABEL_STACK)).contains("my lab");
    }

    @Example
    void aUserLabelInKombifysOwnNamespaceIsRefused() {
        ResourceId id = ResourceId.of(ResourceType.MACHINE, "web");
        assertThatThrownBy(() -> Labels.userLabels(id, Map.of("labels", Map.of("kombify.io/stack", "other"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
                    assertThat(e.getMessage()).contains("labels.kombify.io/stack", "machine.web");
                });
    }
}
