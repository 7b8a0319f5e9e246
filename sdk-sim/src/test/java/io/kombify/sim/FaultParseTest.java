package io.kombify.sim;

import io.kombify.core.ByteSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultParseTest {

    @Test
    void readsEveryKindWithTimeAndRecovery() {
        assertThat(Fault.parse("node-crash:nas@10m")).isEqualTo(Fault.nodeCrash("nas").at(Duration.ofMinutes(10)));
        assertThat(Fault.parse("site-power-loss:home@2h+30m"))
                .isEqualTo(Fault.sitePowerLoss("home").at(Duration.ofHours(2)).recoverAfter(Duration.ofMinutes(30)));
        assertThat(Fault.parse("partition:nas, pi@1h")).isEqualTo(Fault.partition("nas", "pi").at(Duration.ofHours(1)));
        assertThat(Fault.parse("link-degradation:home,hetzner=800ms/2.5%@1h+10m")).isEqualTo(
                Fault.linkDegradation("home", "hetzner", Duration.ofMillis(800), 2.5).at(Duration.ofHours(1)).recoverAfter(Duration.ofMinutes(10)));
        assertThat(Fault.parse("partition:home,hetzner@1h+5m"))
                .isEqualTo(Fault.partition("home", "hetzner").at(Duration.ofHours(1)).recoverAfter(Duration.ofMinutes(5)));
        assertThat(Fault.parse("disk-full:nas@3h")).isEqualTo(Fault.diskFull("nas").at(Duration.ofHours(3)));
        assertThat(Fault.parse("memory-pressure:nas=2Gi@1h"))
                .isEqualTo(Fault.memoryPressure("nas", ByteSize.parse("2Gi")).at(Duration.ofHours(1)));
        assertThat(Fault.parse("memory-spike:redis=512Mi@90s"))
                .isEqualTo(Fault.memorySpike("redis", ByteSize.parse("512Mi")).at(Duration.ofSeconds(90)));
        assertThat(Fault.parse("crash-loop:nextcloud@1h")).isEqualTo(Fault.crashLoop("nextcloud").at(Duration.ofHours(1)));
    }

    @Test
    void waitsForAServiceToBecomeHealthy() {
        assertThat(Fault.parse("node-crash:nas@healthy(nextcloud)"))
                .isEqualTo(Fault.nodeCrash("nas").when(Trigger.healthy("nextcloud")));
        assertThat(Fault.parse("crash-loop:nextcloud@healthy(postgres,5m)+10m"))
                .isEqualTo(Fault.crashLoop("nextcloud").when(Trigger.healthy("postgres").plus(Duration.ofMinutes(5)))
                        .recoverAfter(Duration.ofMinutes(10)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "nas@10m|it must start with a kind and a colon, such as node-crash:",
            "node-crash:nas|it needs a time after @, such as @10m",
            "node-crash:@10m|it names no target between : and @",
            "reboot:nas@10m|unknown kind 'reboot' (node-crash, site-power-loss, partition, disk-full, memory-pressure, memory-spike, crash-loop, link-degradation, provider-rate-limit, provider-server-error, provider-timeout, latency, crash-after-step)",
            "partition:home@10m|a partition names two sites or two nodes separated by a comma, such as partition:home,hetzner",
            "memory-pressure:nas@10m|memory-pressure needs a memory size after =, such as =2Gi",
            "node-crash:nas=1Gi@10m|node-crash takes no =SIZE",
            "link-degradation:home,hetzner@10m|link-degradation needs =LATENCY/LOSS%, such as =800ms/5%",
            "link-degradation:home,hetzner=800ms@10m|link-degradation needs =LATENCY/LOSS%, such as =800ms/5%",
            "link-degradation:home,hetzner=800ms/lots%@10m|the loss after / must be a percentage, such as 5%",
            "link-degradation:home=800ms/5%@10m|a link degradation names two sites separated by a comma, such as link-degradation:home,hetzner=800ms/5%",
            "link-degradation:home,hetzner=800ms/150%@10m|loss must be between 0 and 100 percent: 150.0",
            "node-crash:nas@soon|not a duration: 'soon' (write it like 90s, 10m, 2h30m or 1d)",
            "node-crash:nas@10m+0s|duration must be positive: PT0S",
            "node-crash:nas@healthy(nextcloud|healthy( needs a closing parenthesis, such as @healthy(nextcloud,5m)",
            "node-crash:nas@healthy()|write @healthy(SERVICE) or @healthy(SERVICE,DELAY)",
            "node-crash:nas@healthy(a,b,c)|write @healthy(SERVICE) or @healthy(SERVICE,DELAY)"})
    void explainsWhatIsWrong(String spec, String why) {
        assertThatThrownBy(() -> Fault.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid fault '" + spec + "': " + why);
    }

    @ParameterizedTest
    @CsvSource({"90s,PT1M30S", "2h30m,PT2H30M", "1d,PT24H", "250ms,PT0.25S", "1h0m5s,PT1H5S", "PT15M,PT15M", "1m4.25s,PT1M4.25S"})
    void durationsAreWrittenTheWayPeopleDo(String text, String iso) {
        assertThat(DurationText.parse(text)).isEqualTo(Duration.parse(iso));
        assertThat(DurationText.parse(DurationText.format(Duration.parse(iso)))).isEqualTo(Duration.parse(iso));
    }

    @Test
    void formatsCompactly() {
        assertThat(DurationText.format(Duration.ofMillis(64_250))).isEqualTo("1m4.25s");
        assertThat(DurationText.format(Duration.ofHours(26))).isEqualTo("1d2h");
        assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
        assertThatThrownBy(() -> DurationText.parse("10 minutes")).hasMessageStartingWith("not a duration: '10 minutes'");
        assertThatThrownBy(() -> DurationText.parse("10")).hasMessageStartingWith("not a duration: '10'");
    }
}
