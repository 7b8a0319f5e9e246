package io.kombify.server.cli;

import io.kombify.sim.cloud.hetzner.HetznerCloudFake;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kombify fake-cloud hetzner}: serves the Hetzner Cloud fake of {@code sdk-sim} on this
 * machine until interrupted, so that any client (the {@code hcloud} command, a script, a
 * provider under test) can be pointed at it. It only listens on loopback addresses: it is a
 * test fake, not a service.
 */
@Command(name = "fake-cloud",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Serve a stateful fake of a cloud API on this machine until interrupted (Ctrl-C), for tests and "
                + "rehearsals.", "Clouds: hetzner (the Hetzner Cloud API, served under /v1)."},
        footerHeading = "%n",
        footer = {"Point the hcloud command at it with the two variables it prints:",
                "  kombify fake-cloud hetzner --listen 127.0.0.1:8080",
                "  export HCLOUD_ENDPOINT=http://127.0.0.1:8080/v1 HCLOUD_TOKEN=fake-token",
                "  hcloud server create --name web-1 --type cx22 --image debian-12"})
final class FakeCloudCommand implements Callable<Integer> {
    /** The clouds there is a fake of. */
    enum Cloud {
        hetzner
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CLOUD", description = "The cloud whose API to fake: ${COMPLETION-CANDIDATES}.")
    Cloud cloud;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:0",
            description = "Loopback address and port to listen on; port 0 picks a free port (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "fake-token",
            description = "The bearer token the fake accepts (default: ${DEFAULT-VALUE}).")
    String token;

    @Override
    public Integer call() {
        InetSocketAddress address = address();
        if (token.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--token must not be blank");
        }
        // The command is the application: it lets the JDK's HTTP server answer without waiting
        // for the client's delayed ACKs (about 40 ms a request otherwise).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch reported = new CountDownLatch(1);
        HetznerCloudFake fake = HetznerCloudFake.builder().listen(address).token(token)
                // nothing inspects the requests of a fake served from the command line; it reports their count
                .recordRequests(0).start();
        Thread hook = new Thread(() -> {
            fake.close();
            stopped.countDown();
            try {
                // the process ends when this hook does: let the command say that it stopped first
                reported.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kombify-fake-cloud-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.println("Hetzner Cloud fake listening on " + fake.endpoint() + " (token: " + fake.token() + ")");
            out.println("  export HCLOUD_ENDPOINT=" + fake.endpoint());
            out.println("  export HCLOUD_TOKEN=" + fake.token());
            out.println("Press Ctrl-C to stop.");
            out.flush();
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            fake.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the process ends now
            }
        }
        out.println("Hetzner Cloud fake stopped after " + fake.requestCount() + " requests.");
        out.flush();
        reported.countDown();
        return 0;
    }

    /** The {@code --listen} address; anything but a loopback address is a usage error. */
    private InetSocketAddress address() {
        URI uri;
        try {
            uri = new URI("http://" + listen);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getPort() < 0 || uri.getRawPath().length() > 0) {
            throw new ParameterException(spec.commandLine(), "--listen '" + listen
                    + "' is not HOST:PORT; use for example 127.0.0.1:8080 or [::1]:8080 (port 0 picks a free one)");
        }
        if (uri.getPort() > 65535) {
            throw new ParameterException(spec.commandLine(), "--listen '" + listen + "': port " + uri.getPort()
                    + " is out of range; use a port from 0 to 65535 (0 picks a free one)");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--listen '" + listen + "': unknown host " + host);
        }
        if (!address.isLoopbackAddress()) {
            throw new ParameterException(spec.commandLine(), "--listen '" + listen + "' is not a loopback address; the fake "
                    + "serves this machine only: use 127.0.0.1 (or ::1, localhost)");
        }
        return new InetSocketAddress(address, uri.getPort());
    }
}
