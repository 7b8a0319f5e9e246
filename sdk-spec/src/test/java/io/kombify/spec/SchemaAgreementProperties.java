package io.kombify.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.kombify.spec.model.Kombination;

import java.util.Map;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** The editor schema is never stricter than the SDK: what the validator accepts, the schema accepts. */
class SchemaAgreementProperties {
    private static final Schema SCHEMA = SchemaRegistry
            .withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(SpecSchema.ID, SpecSchema.jsonSchema())))
            .getSchema(SchemaLocation.of(SpecSchema.ID));

    private final SpecReader reader = SpecReader.defaults();
    private final SpecValidator validator = SpecValidator.builder().policy(ValidationPolicy.UNBOUNDED).build();

    @Provide
    Arbitrary<Kombination> specs() {
        return SpecArbitraries.kombinations();
    }

    @Property(tries = 300)
    void theSchemaAcceptsEverySpecTheValidatorAccepts(@ForAll("specs") Kombination spec) {
        String json = SpecWriter.json().write(spec);
        ValidationResult result = validator.validate(reader.readString("kombination.json", json));
        boolean schemaAccepts = SCHEMA.validate(json, InputFormat.JSON).isEmpty();
        Statistics.label("validator").collect(result.valid() ? "valid" : "invalid");
        Statistics.label("schema").collect(schemaAccepts ? "accepts" : "rejects");

        if (result.valid()) {
            assertThat(SCHEMA.validate(json, InputFormat.JSON)).as(json).isEmpty();
        }
    }
}
