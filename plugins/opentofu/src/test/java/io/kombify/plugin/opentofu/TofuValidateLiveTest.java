package io.kombify.plugin.opentofu;

import static org.assertj.core.api.Assertions.assertThat;

import io.kombify.core.KombifyException;
import io.kombify.deploy.spi.ExportRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exports of the samples checked by the real OpenTofu: {@code tofu init -backend=false}
 * (which downloads the hcloud and docker providers from the registry) and {@code tofu validate
 * -json}, which checks every argument against the providers' own schemas. It is opt-in, since it
 * needs the {@code tofu} binary and the network: run it with
 * {@code ./mvnw -pl plugins/opentofu -am verify -Dkombify.tofu.validate=true -Dtest=TofuValidateLiveTest
 * -Dsurefire.failIfNoSpecifiedTests=false}. Once asked for, a missing {@code tofu} fails it with
 * how to install OpenTofu.
 */
@EnabledIfSystemProperty(named = "kombify.tofu.validate", matches = "true",
        disabledReason = "opt-in: needs OpenTofu's tofu binary and the provider registry; run with -Dkombify.tofu.validate=true")
class TofuValidateLiveTest {

    @TempDir
    static Path pluginCache;

    static List<String> samples() {
        return Samples.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void tofuValidatesTheExportOfEverySample(String sample, @TempDir Path dir) throws Exception {
        Path tofu;
        try {
            tofu = TofuBinary.locate(Map.of(), System.getenv());
        } catch (KombifyException e) {
            Assertions.fail(e.getMessage() + "; " + e.diagnostics().get(0).hint());
            return;
        }
        new OpenTofuExporter().export(ExportRequest.of(Samples.graph(sample), dir));

        Result init = run(tofu, dir, "init", "-backend=false", "-input=false", "-no-color");
        assertThat(init.status()).as(sample + ": tofu init\n" + init.output()).isZero();
        Result validate = run(tofu, dir, "validate", "-json", "-no-color");

        Object report = Json.parse(validate.stdout());
        assertThat(Json.str(report, "valid")).as(sample + ": tofu validate\n" + validate.output()).isEqualTo("true");
    }

    private record Result(int status, String stdout, String stderr) {
        String output() {
            return stdout + (stderr.isBlank() ? "" : "\n" + stderr);
        }
    }

    private static Result run(Path tofu, Path dir, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tofu.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("TF_IN_AUTOMATION", "1");
        env.put("TF_PLUGIN_CACHE_DIR", pluginCache.toString());
        pb.environment().putAll(env);
        pb.redirectError(dir.resolve(arguments[0] + ".stderr").toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            Assertions.fail("tofu " + arguments[0] + " did not finish within 10 minutes");
        }
        String err = Files.readString(dir.resolve(arguments[0] + ".stderr"));
        return new Result(p.exitValue(), out, err);
    }
}
