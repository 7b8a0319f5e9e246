package io.kombify.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A command written as one string splits into the arguments a shell would pass. */
class ShellWordsTest {

    @Test
    void blanksSeparateAndQuotesKeepWordsTogether() {
        assertThat(ShellWords.split("busybox sleep 3600")).contains(List.of("busybox", "sleep", "3600"));
        assertThat(ShellWords.split("  sh -c 'echo $HOME; exit 1'  ")).contains(List.of("sh", "-c", "echo $HOME; exit 1"));
        assertThat(ShellWords.split("echo \"a \\\"b\\\" c\" d\\ e ''")).contains(List.of("echo", "a \"b\" c", "d e", ""));
        assertThat(ShellWords.split("")).contains(List.of());
    }

    @Test
    void anUnclosedQuoteIsNotACommand() {
        assertThat(ShellWords.split("sh -c 'echo")).isEmpty();
        assertThat(ShellWords.split("echo \"a")).isEmpty();
    }
}
