package io.kombify.benchmarks;

import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecDocument;
import io.kombify.spec.SpecReader;
import io.kombify.spec.SpecResolver;
import io.kombify.spec.SpecValidator;
import io.kombify.spec.ValidationPolicy;
import io.kombify.spec.ValidationResult;
import io.kombify.core.KombifyException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.concurrent.TimeUnit;

/**
 * The cost of turning {@code kombination.yaml} bytes into a resolved plan, next to the cost
 * of merely parsing the same bytes with Jackson. {@code jacksonReadTree} is the baseline;
 * {@code read}, {@code validate} and {@code resolve} are the SDK's stages one at a time, and
 * {@code readValidateResolve} is what a tool embedding the SDK pays end to end.
 *
 * <p>{@code size=1x} is 100 nodes and 1,000 services; {@code 10x} is 1,000 nodes and 10,000
 * services. Both are validated under {@link ValidationPolicy#UNBOUNDED}, since the default
 * policy caps a spec at upstream's 100 nodes and 200 services.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SpecPipelineBenchmark {

    private static final int MAX_BYTES = 64 << 20;

    @Param({"1x", "10x"})
    public String size;

    private byte[] yaml;
    private SpecDocument document;

    private final YAMLMapper jackson = YAMLMapper.builder(YAMLFactory.builder()
            // snakeyaml-engine stops at 3 MB by default; the 10x document is larger.
            .loadSettings(LoadSettings.builder().setCodePointLimit(MAX_BYTES).build())
            .build()).build();
    private final SpecReader reader = SpecReader.builder().maxDocumentBytes(MAX_BYTES).build();
    private final SpecValidator validator = SpecValidator.builder().policy(ValidationPolicy.UNBOUNDED).build();
    private final SpecResolver resolver = SpecResolver.builder().policy(ValidationPolicy.UNBOUNDED).build();

    @Setup
    public void generate() {
        int factor = size.equals("10x") ? 10 : 1;
        yaml = LargeSpecGenerator.generate(LargeSpecGenerator.LARGE_NODES * factor, LargeSpecGenerator.LARGE_SERVICES * factor);
        document = reader.read("fleet.yaml", yaml);
        ValidationResult result = validator.validate(document);
        if (!result.valid()) {
            throw new IllegalStateException("the generated spec must be valid, but: " + result.errors().subList(0, Math.min(5, result.errors().size())));
        }
    }

    @Benchmark
    public JsonNode jacksonReadTree() {
        return jackson.readTree(yaml);
    }

    @Benchmark
    public SpecDocument read() {
        return reader.read("fleet.yaml", yaml);
    }

    @Benchmark
    public ValidationResult validate() {
        return validator.validate(document);
    }

    @Benchmark
    public ResolvedSpec resolve() {
        return resolver.resolve(document);
    }

    @Benchmark
    public ResolvedSpec readValidateResolve() {
        SpecDocument read = reader.read("fleet.yaml", yaml);
        ValidationResult result = validator.validate(read);
        if (!result.valid()) {
            throw new KombifyException("SPEC_INVALID", "generated spec became invalid", result.errors());
        }
        // The result at hand is handed over, as an embedding tool does, rather than validated again.
        return resolver.resolve(read, result);
    }
}
