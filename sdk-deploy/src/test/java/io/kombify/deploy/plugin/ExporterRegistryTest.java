package io.kombify.deploy.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.core.KombifyException;
import io.kombify.deploy.ResourceGraph;
import io.kombify.deploy.spi.ExportApproval;
import io.kombify.deploy.spi.ExportMode;
import io.kombify.deploy.spi.ExportRequest;
import io.kombify.deploy.spi.ExportResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterRegistryTest {

    private static final String CLASS_PATH_FORMAT = ClassPathTestExporter.FORMAT;
    private static final ResourceGraph EMPTY = ResourceGraph.builder("lab", "sha256:0").build();

    @TempDir
    Path tmp;
    Path plugins;
    Path work;
    Path out;

    @BeforeEach
    void directories() throws IOException {
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        work = Files.createDirectories(tmp.resolve("work"));
        out = tmp.resolve("out");
    }

    private ClassLoader loader() {
        return getClass().getClassLoader();
    }

    @Test
    void mergesClassPathAndPluginExportersAndSaysWhereEachCameFrom() throws IOException {
        Path jar = TestPlugin.named(work, "acme").exports("acme-format").jar(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            ExporterRegistry registry = ExporterRegistry.discover(host, loader());

            assertThat(registry.problems()).isEmpty();
            assertThat(registry.formats()).containsExactly("acme-format", CLASS_PATH_FORMAT);
            assertThat(registry.entry("acme-format")).contains(new RegisteredExporter("acme-format",
                    "acme-format from acme", Set.of(ExportMode.WRITE), "plugin acme 1.0.0", Optional.of(jar)));
            RegisteredExporter classPath = registry.entry(CLASS_PATH_FORMAT).orElseThrow();
            assertThat(classPath.source()).isEqualTo("class path");
            assertThat(classPath.fromPlugin()).isFalse();
            assertThat(classPath.location()).isPresent();
            assertThat(registry.exporter("acme-format")).get()
                    .extracting(e -> e.getClass().getClassLoader()).isNotSameAs(loader());

            ExportResult result = registry.export("acme-format", ExportRequest.of(EMPTY, out));

            assertThat(result.files()).containsExactly(out.resolve("acme-format.txt"));
            assertThat(Files.readString(out.resolve("acme-format.txt"))).isEqualTo("stack lab\n");
            assertThat(result.succeeded()).isTrue();
        }
    }

    @Test
    void withoutPluginsOnlyTheClassPathExportersAreThere() {
        ExporterRegistry registry = ExporterRegistry.discover(loader());

        assertThat(registry.formats()).containsExactly(CLASS_PATH_FORMAT);
        assertThat(registry.exporter(CLASS_PATH_FORMAT)).get().isInstanceOf(ClassPathTestExporter.class);
        ExportResult result = registry.export(CLASS_PATH_FORMAT, ExportRequest.of(EMPTY, out));
        assertThat(result.warnings()).extracting(d -> d.code()).containsExactly("TEST_EXPORT_EMPTY");
    }

    @Test
    void anUnknownFormatNamesTheFormatsThereAreAndHowToInstallAnExporter() {
        TestPlugin.named(work, "acme").exports("acme-format").jar(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            ExporterRegistry registry = ExporterRegistry.discover(host, loader());

            assertThatThrownBy(() -> registry.export("opentofu", ExportRequest.of(EMPTY, out)))
                    .isInstanceOfSatisfying(KombifyException.class, e -> {
                        assertThat(e.code()).isEqualTo("EXPORTER_MISSING");
                        assertThat(e.getMessage()).isEqualTo("no exporter writes the format 'opentofu'; formats there are: "
                                + "acme-format, " + CLASS_PATH_FORMAT);
                        assertThat(e.diagnostics()).singleElement().satisfies(d -> assertThat(d.hint())
                                .contains("kombify plugins install FILE", "kombify-opentofu-VERSION-plugin.zip", "--plugins-dir"));
                    });
            assertThatThrownBy(() -> registry.require("opentofu")).isInstanceOfSatisfying(KombifyException.class,
                    e -> assertThat(e.code()).isEqualTo("EXPORTER_MISSING"));
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void theFirstOfTwoExportersOfOneFormatWinsAndTheOtherIsReported() {
        TestPlugin.named(work, "zeta").exports(CLASS_PATH_FORMAT).jar(plugins);
        TestPlugin.named(work, "beta").exports("shared").jar(plugins, "1-beta.jar");
        TestPlugin.named(work, "alpha").exports("shared").jar(plugins, "2-alpha.jar");

        try (PluginHost host = PluginHost.start(plugins)) {
            ExporterRegistry registry = ExporterRegistry.discover(host, loader());

            assertThat(registry.entry(CLASS_PATH_FORMAT).orElseThrow().source()).isEqualTo("class path");
            assertThat(registry.entry("shared").orElseThrow().source()).isEqualTo("plugin alpha 1.0.0");
            assertThat(registry.problems()).extracting(PluginProblem::code)
                    .containsExactly("EXPORTER_DUPLICATE", "EXPORTER_DUPLICATE");
            assertThat(registry.problems()).extracting(PluginProblem::message).containsExactly(
                    "the shared exporter from plugin beta 1.0.0 is ignored: plugin alpha 1.0.0 has an exporter of that format",
                    "the " + CLASS_PATH_FORMAT + " exporter from plugin zeta 1.0.0 is ignored: class path has an exporter "
                            + "of that format");
        }
    }

    @Test
    void aModeTheExporterDoesNotOfferIsRefusedBeforeItRuns() {
        ExporterRegistry registry = ExporterRegistry.discover(loader());

        assertThatThrownBy(() -> registry.export(CLASS_PATH_FORMAT,
                ExportRequest.of(EMPTY, out).withMode(ExportMode.APPLY)))
                .isInstanceOfSatisfying(KombifyException.class, e -> {
                    assertThat(e.code()).isEqualTo("EXPORT_MODE_UNSUPPORTED");
                    assertThat(e.getMessage()).isEqualTo("the " + CLASS_PATH_FORMAT
                            + " exporter (class path) cannot apply; it can: write");
                });
        assertThat(out).doesNotExist();
    }

    @Test
    void anExporterThatFailsIsReportedWithItsSourceAndItsOwnErrorsPassThrough() {
        TestPlugin.named(work, "boom").exports("boom", "throw new IllegalStateException(\"disk on fire\");").jar(plugins);
        TestPlugin.named(work, "careful").exports("careful",
                "throw new io.kombify.core.KombifyException(\"CAREFUL_REFUSED\", \"refused\");").jar(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            ExporterRegistry registry = ExporterRegistry.discover(host, loader());

            assertThatThrownBy(() -> registry.export("boom", ExportRequest.of(EMPTY, out)))
                    .isInstanceOfSatisfying(KombifyException.class, e -> {
                        assertThat(e.code()).isEqualTo("EXPORT_FAILED");
                        assertThat(e.getMessage()).isEqualTo("the boom exporter from plugin boom 1.0.0 failed: "
                                + "java.lang.IllegalStateException: disk on fire");
                    });
            assertThatThrownBy(() -> registry.export("careful", ExportRequest.of(EMPTY, out)))
                    .isInstanceOfSatisfying(KombifyException.class, e -> assertThat(e.code()).isEqualTo("CAREFUL_REFUSED"));
        }
    }

    @Test
    void anExporterWithoutAUsableFormatNameIsLeftOut() {
        TestPlugin.named(work, "shouty").exports("Not A Format").jar(plugins);

        try (PluginHost host = PluginHost.start(plugins)) {
            ExporterRegistry registry = ExporterRegistry.discover(host, loader());

            assertThat(registry.formats()).containsExactly(CLASS_PATH_FORMAT);
            assertThat(registry.problems()).singleElement().satisfies(p -> {
                assertThat(p.code()).isEqualTo("EXPORTER_INVALID");
                assertThat(p.plugin()).isEqualTo("plugin shouty 1.0.0");
                assertThat(p.message()).contains("has no usable format name ('Not A Format')");
            });
        }
    }

    @Test
    void aRequestMadeWithOfWritesOnlyGivesTheToolNoEnvironmentAndAppliesNothing() {
        ExportRequest request = ExportRequest.of(EMPTY, out);

        assertThat(request.mode()).isEqualTo(ExportMode.WRITE);
        assertThat(request.environment()).as("nothing of the caller's environment reaches a tool unless passed").isEmpty();
        assertThat(request.cancellation().isCancelled()).isFalse();
        assertThat(request.approval().approve(null)).as("an apply must be approved explicitly").isFalse();
        ExportRequest applying = request.withMode(ExportMode.APPLY).withApproval(ExportApproval.ALWAYS)
                .withEnvironment(java.util.Map.of("PATH", "/usr/bin"));
        assertThat(applying.approval().approve(null)).isTrue();
        assertThat(applying.environment()).containsEntry("PATH", "/usr/bin");
        assertThat(applying.cancellation()).isSameAs(request.cancellation());
    }

    @Test
    void itsProblemsBeginWithThoseOfThePluginHost() throws IOException {
        TestPlugin.named(work, "acme").exports("acme-format").jar(plugins);
        Files.writeString(plugins.resolve("broken.jar"), "not a jar");

        try (PluginHost host = PluginHost.start(plugins)) {
            ExporterRegistry registry = ExporterRegistry.discover(host, loader());

            assertThat(registry.formats()).contains("acme-format");
            assertThat(registry.problems()).isNotEmpty().first()
                    .satisfies(p -> assertThat(p.plugin()).isEqualTo("broken.jar"));
            assertThat(registry.problems()).containsExactlyElementsOf(host.problems());
        }
    }
}
