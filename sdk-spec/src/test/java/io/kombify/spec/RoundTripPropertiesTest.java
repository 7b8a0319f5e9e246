package io.kombify.spec;

import io.kombify.spec.model.Kombination;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;

import static org.assertj.core.api.Assertions.assertThat;

class RoundTripPropertiesTest {
    private final SpecReader reader = SpecReader.defaults();

    @Provide
    Arbitrary<Kombination> specs() {
        return SpecArbitraries.kombinations();
    }

    @Property(tries = 300)
    void yamlWrittenByTheWriterReadsBackToAnEqualModel(@ForAll("specs") Kombination spec) {
        String yaml = SpecWriter.yaml().write(spec);

        SpecDocument doc = reader.readString("kombination.yaml", yaml);

        assertThat(doc.diagnostics()).as(yaml).isEmpty();
        assertThat(doc.spec()).as(yaml).isEqualTo(spec);
    }

    @Property(tries = 300)
    void jsonWrittenByTheWriterReadsBackToAnEqualModel(@ForAll("specs") Kombination spec) {
        String json = SpecWriter.json().write(spec);

        SpecDocument doc = reader.readString("kombination.json", json);

        assertThat(doc.diagnostics()).as(json).isEmpty();
        assertThat(doc.spec()).as(json).isEqualTo(spec);
    }

    @Property(tries = 200)
    void writingIsStableAcrossARoundTrip(@ForAll("specs") Kombination spec) {
        String first = SpecWriter.yaml().write(spec);

        String second = SpecWriter.yaml().write(reader.readString("k.yaml", first).spec());

        assertThat(second).isEqualTo(first);
    }
}
