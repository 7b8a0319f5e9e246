package io.kombify.plugin.opentofu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kombify.core.KombifyException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the test makes POSIX executables")
class TofuBinaryTest {

    @TempDir
    Path dir;

    private Path executable(Path at) throws IOException {
        Files.createDirectories(at.getParent());
        Files.writeString(at, "#!/bin/sh\nexit 0\n");
        assertThat(at.toFile().setExecutable(true)).isTrue();
        return at;
    }

    private static KombifyException notFound(Map<String, String> settings, Map<String, String> environment) {
        try {
            TofuBinary.locate(settings, environment);
        } catch (KombifyException e) {
            assertThat(e.code()).isEqualTo("TOFU_NOT_FOUND");
            assertThat(e.diagnostics()).singleElement().satisfies(d -> assertThat(d.hint())
                    .contains("install OpenTofu (https://opentofu.org/docs/intro/install/", "standalone installer"));
            return e;
        }
        throw new AssertionError("tofu was found");
    }

    @Test
    void findsTofuOnThePathOfTheEnvironmentSkippingFilesThatAreNotExecutable() throws IOException {
        Path first = Files.createDirectories(dir.resolve("first"));
        Files.writeString(first.resolve("tofu"), "not executable");
        Path tofu = executable(dir.resolve("second/tofu"));

        assertThat(TofuBinary.locate(Map.of(), Map.of("PATH", first + File.pathSeparator + tofu.getParent())))
                .isEqualTo(tofu);
    }

    @Test
    void withoutTofuTheErrorListsTheDirectoriesItLookedInOnceEach() throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));

        KombifyException e = notFound(Map.of(), Map.of("PATH", a + File.pathSeparator + File.pathSeparator + b
                + File.pathSeparator + a));

        assertThat(e.getMessage()).isEqualTo("OpenTofu's tofu binary is not on PATH (looked in " + a + ", " + b + ")");
    }

    @Test
    void aLongPathIsShortenedAndAnEmptyOneSaidSo() {
        List<String> dirs = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            dirs.add(dir.resolve("d" + i).toString());
        }

        assertThat(notFound(Map.of(), Map.of("PATH", String.join(File.pathSeparator, dirs))).getMessage())
                .endsWith(dirs.get(7) + " and 3 more)");
        assertThat(notFound(Map.of(), Map.of()).getMessage()).isEqualTo("OpenTofu's tofu binary is not on PATH (PATH is empty)");
    }

    @Test
    void theSettingNamesAPathOrANameToLookUp() throws IOException {
        Path custom = executable(dir.resolve("opt/tofu-1.10/bin/tofu"));
        Path renamed = executable(dir.resolve("bin/opentofu"));

        assertThat(TofuBinary.locate(Map.of("opentofu.binary", custom.toString()), Map.of())).isEqualTo(custom);
        assertThat(TofuBinary.locate(Map.of("opentofu.binary", "opentofu"), Map.of("PATH", renamed.getParent().toString())))
                .isEqualTo(renamed);
        assertThat(notFound(Map.of("opentofu.binary", dir.resolve("nowhere/tofu").toString()), Map.of()).getMessage())
                .isEqualTo("the setting opentofu.binary names " + dir.resolve("nowhere/tofu") + ", which does not exist");
        Path plain = Files.writeString(dir.resolve("plain"), "text");
        assertThat(notFound(Map.of("opentofu.binary", plain.toString()), Map.of()).getMessage())
                .endsWith("which is not an executable file");
    }

    @Test
    void aRelativeSettingIsTakenFromTheCurrentDirectoryAndMadeAbsolute() throws IOException {
        Path tofu = executable(dir.resolve("tools/tofu"));
        String relative = Path.of("").toAbsolutePath().relativize(tofu).toString();

        Path found = TofuBinary.locate(Map.of("opentofu.binary", relative), Map.of());

        assertThat(found.isAbsolute()).as("tofu runs in the export's directory, where a relative path means another file")
                .isTrue();
        assertThat(found).isEqualTo(tofu.toAbsolutePath().normalize());
    }

    @Test
    void relativePathEntriesAreSkippedAndSaidSo() throws IOException {
        Path tofu = executable(dir.resolve("rel/tofu"));
        String relative = Path.of("").toAbsolutePath().relativize(tofu.getParent()).toString();
        Path other = Files.createDirectories(dir.resolve("other"));

        KombifyException e = notFound(Map.of(), Map.of("PATH", relative + File.pathSeparator + other));

        assertThat(e.getMessage()).isEqualTo("OpenTofu's tofu binary is not on PATH (looked in " + other
                + "; skipped the relative entries " + relative + ")");
        assertThat(notFound(Map.of(), Map.of("PATH", ".")).getMessage()).isEqualTo("OpenTofu's tofu binary is not on PATH "
                + "(PATH has no absolute directories; skipped the relative entries .)");
    }

    @Test
    void thisMachineHasNoTofuOnItsPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        boolean installed = false;
        for (String d : path.split(File.pathSeparator)) {
            installed |= !d.isBlank() && Files.isExecutable(Path.of(d, "tofu"));
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(installed, "tofu is installed here; this test covers machines without it");

        assertThatThrownBy(() -> TofuBinary.locate(Map.of(), System.getenv()))
                .isInstanceOfSatisfying(KombifyException.class, e -> assertThat(e.getMessage())
                        .startsWith("OpenTofu's tofu binary is not on PATH (looked in "));
    }
}
