package io.kombify.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local provider's record of adopted hosts in the state directory. */
class AdoptedHostsTest {

    @Test
    void anAdoptionIsFoundByANewProviderAndAForgottenHostIsNot(@TempDir Path dir) {
        new AdoptedHosts(Optional.of(dir)).remember("key-1", "engine-a");

        AdoptedHosts later = new AdoptedHosts(Optional.of(dir));
        assertThat(later.find("key-1")).contains("engine-a");
        later.forget("engine-a");

        assertThat(new AdoptedHosts(Optional.of(dir)).find("key-1")).isEmpty();
        assertThat(new AdoptedHosts(Optional.of(dir)).forgotten("engine-a")).isTrue();
        assertThat(names(dir)).containsExactly(AdoptedHosts.FILE);
    }

    @Test
    void aRecordThatCannotBeWrittenLeavesNoTemporaryFileBehind(@TempDir Path dir) throws IOException {
        // A directory where the record should be: the new record cannot take its name.
        Files.createDirectories(dir.resolve(AdoptedHosts.FILE).resolve("in-the-way"));
        AdoptedHosts hosts = new AdoptedHosts(Optional.of(dir));

        assertThatThrownBy(() -> hosts.remember("key-1", "engine-a")).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot write " + dir.resolve(AdoptedHosts.FILE));

        assertThat(names(dir)).containsExactly(AdoptedHosts.FILE);
    }

    private static java.util.List<String> names(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
