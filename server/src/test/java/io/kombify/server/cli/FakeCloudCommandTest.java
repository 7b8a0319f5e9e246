package io.kombify.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code kombify fake-cloud hetzner}, run in-process the way a user runs it, stopped by an interrupt. */
class FakeCloudCommandTest {
    private static final Pattern LISTENING = Pattern.compile(
            "Hetzner Cloud fake listening on (http://127\\.0\\.0\\.1:(\\d+)/v1) \\(token: (\\S+)\\)\\n");

    record Run(int status, String out, String err) {
    }

    /** A command running in its own thread. */
    static final class Running {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger status = new AtomicInteger(-1);
        final Thread thread;

        Running(String... args) {
            CommandLine cl = KombifyCommand.commandLine(new ByteArrayInputStream(new byte[0]), Map.of());
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            thread = new Thread(() -> status.set(cl.execute(args)), "fake-cloud-under-test");
            thread.start();
        }

        /** The first line's endpoint, once printed. */
        Matcher listening() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                Matcher m = LISTENING.matcher(out.toString());
                if (m.lookingAt()) {
                    return m;
                }
                if (!thread.isAlive()) {
                    break;
                }
                Thread.sleep(10);
            }
            throw new AssertionError("no endpoint printed; out: " + out + " err: " + err);
        }

        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(10_000);
            assertThat(thread.isAlive()).as("still running after the interrupt").isFalse();
            return status.get();
        }
    }

    static Run kombify(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = KombifyCommand.commandLine(new ByteArrayInputStream(new byte[0]), Map.of());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    static int get(String url, String token) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        if (token != null) {
            c.setRequestProperty("Authorization", "Bearer " + token);
        }
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        return status;
    }

    @Test
    void servesTheHetznerFakeOnAFreePortUntilInterrupted() throws Exception {
        Running running = new Running("fake-cloud", "hetzner", "--listen", "127.0.0.1:0");
        Matcher m = running.listening();
        String endpoint = m.group(1);

        assertThat(Integer.parseInt(m.group(2))).isPositive();
        assertThat(m.group(3)).isEqualTo("fake-token");
        assertThat(running.out.toString()).contains("  export HCLOUD_ENDPOINT=" + endpoint + "\n")
                .contains("  export HCLOUD_TOKEN=fake-token\n").contains("Press Ctrl-C to stop.");
        assertThat(get(endpoint + "/server_types", "fake-token")).isEqualTo(200);
        assertThat(get(endpoint + "/servers", "wrong")).isEqualTo(401);

        assertThat(running.stop()).isZero();
        assertThat(running.out.toString()).contains("Hetzner Cloud fake stopped after 2 requests.");
        assertThat(running.err.toString()).isEmpty();
        assertThatThrownBy(() -> get(endpoint + "/servers", "fake-token")).isInstanceOf(IOException.class);
    }

    @Test
    void acceptsTheTokenGiven() throws Exception {
        Running running = new Running("fake-cloud", "hetzner", "--token", "t0ken");
        Matcher m = running.listening();
        try {
            assertThat(m.group(3)).isEqualTo("t0ken");
            assertThat(get(m.group(1) + "/servers", "t0ken")).isEqualTo(200);
            assertThat(get(m.group(1) + "/servers", "fake-token")).isEqualTo(401);
        } finally {
            assertThat(running.stop()).isZero();
        }
    }

    @Test
    void refusesAnAddressThatIsNotLoopback() {
        Run wildcard = kombify("fake-cloud", "hetzner", "--listen", "0.0.0.0:8080");
        Run lan = kombify("fake-cloud", "hetzner", "--listen", "192.0.2.10:8080");

        assertThat(wildcard.status()).isEqualTo(2);
        assertThat(wildcard.err()).startsWith("kombify fake-cloud: --listen '0.0.0.0:8080' is not a loopback address")
                .contains("use 127.0.0.1");
        assertThat(lan.status()).isEqualTo(2);
        assertThat(wildcard.out()).isEmpty();
    }

    @Test
    void usageErrorsExitWith2() {
        Run unknownCloud = kombify("fake-cloud", "aws");
        Run noPort = kombify("fake-cloud", "hetzner", "--listen", "127.0.0.1");
        Run blankToken = kombify("fake-cloud", "hetzner", "--token", " ");
        Run bigPort = kombify("fake-cloud", "hetzner", "--listen", "127.0.0.1:70000");

        assertThat(unknownCloud.status()).isEqualTo(2);
        assertThat(unknownCloud.err()).contains("hetzner").contains("aws");
        assertThat(noPort.status()).isEqualTo(2);
        assertThat(noPort.err()).contains("is not HOST:PORT");
        assertThat(blankToken.status()).isEqualTo(2);
        assertThat(blankToken.err()).contains("--token must not be blank");
        assertThat(bigPort.status()).isEqualTo(2);
        assertThat(bigPort.err()).startsWith("kombify fake-cloud: --listen '127.0.0.1:70000': port 70000 is out of range")
                .contains("0 to 65535");
        assertThat(bigPort.out()).isEmpty();
    }

    @Test
    void aPortInUseIsAnErrorNamingIt() throws Exception {
        Running first = new Running("fake-cloud", "hetzner");
        String port = first.listening().group(2);
        try {
            Run second = kombify("fake-cloud", "hetzner", "--listen", "127.0.0.1:" + port);

            assertThat(second.status()).isEqualTo(2);
            assertThat(second.err()).startsWith("kombify fake-cloud: the Hetzner Cloud fake cannot listen on 127.0.0.1:" + port);
        } finally {
            first.stop();
        }
    }

    @Test
    void helpShowsHowToPointHcloudAtIt() {
        Run help = kombify("fake-cloud", "--help");

        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Usage: kombify fake-cloud").contains("CLOUD").contains("hetzner")
                .contains("--listen=HOST:PORT").contains("export HCLOUD_ENDPOINT=http://127.0.0.1:8080/v1 HCLOUD_TOKEN=fake-token");
    }
}
