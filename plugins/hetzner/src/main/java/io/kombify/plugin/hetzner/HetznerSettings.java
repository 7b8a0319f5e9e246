package io.kombify.plugin.hetzner;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import io.kombify.deploy.spi.ProviderConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * How the Hetzner provider talks to the API, from the provider settings
 * ({@code --provider-setting hetzner.KEY=VALUE}) and the environment. Every setting has a default
 * but the token, which {@link HetznerProviderFactory} reads separately.
 *
 * @param endpoint           the API's base URL: setting {@value #ENDPOINT}, else environment
 *                           {@code HCLOUD_ENDPOINT}, else {@value #DEFAULT_ENDPOINT}; {@code https}, or
 *                           {@code http} to a loopback address only (a local fake), since the token
 *                           travels in every request
 * @param location           where servers, volumes and primary IPs go unless a resource says otherwise, and whose
 *                           network zone subnets get ({@value #LOCATION}, default {@value #DEFAULT_LOCATION})
 * @param image              the image of servers whose node names none ({@value #IMAGE}, default {@value #DEFAULT_IMAGE})
 * @param maxConcurrentCalls how many calls the executor makes at once ({@value #MAX_CONCURRENT_CALLS}, default 4)
 * @param callsPerSecond     the executor's pace of provider calls ({@value #CALLS_PER_SECOND}, default 5; 0 for
 *                           none); each call makes several HTTP requests, whose budget the provider keeps to
 *                           itself from the API's rate-limit headers
 * @param requestTimeout     how long one HTTP request may take ({@value #REQUEST_TIMEOUT}, default 30s)
 * @param pollInterval       how often a running action is asked about ({@value #POLL_INTERVAL}, default 1s)
 * @param actionTimeout      how long an action may run before the call gives up ({@value #ACTION_TIMEOUT}, default 10m)
 * @param rateLimitWait      how long a request waits for the API's rate limit to allow it before the call fails
 *                           as rate limited instead ({@value #RATE_LIMIT_WAIT}, default 10s)
 */
public record HetznerSettings(URI endpoint, String location, String image, int maxConcurrentCalls, double callsPerSecond,
                              Duration requestTimeout, Duration pollInterval, Duration actionTimeout,
                              Duration rateLimitWait) {

    /** Setting: the API token, a {@code secret://} reference. */
    public static final String TOKEN = "hetzner.token";
    /** Setting: the API's base URL. */
    public static final String ENDPOINT = "hetzner.endpoint";
    /** Setting: the default location. */
    public static final String LOCATION = "hetzner.location";
    /** Setting: the default image. */
    public static final String IMAGE = "hetzner.image";
    /** Setting: calls at once. */
    public static final String MAX_CONCURRENT_CALLS = "hetzner.maxConcurrentCalls";
    /** Setting: calls per second. */
    public static final String CALLS_PER_SECOND = "hetzner.callsPerSecond";
    /** Setting: timeout of one HTTP request. */
    public static final String REQUEST_TIMEOUT = "hetzner.requestTimeout";
    /** Setting: interval between polls of a running action. */
    public static final String POLL_INTERVAL = "hetzner.pollInterval";
    /** Setting: how long an action may run. */
    public static final String ACTION_TIMEOUT = "hetzner.actionTimeout";
    /** Setting: the longest wait for the rate limit inside one call. */
    public static final String RATE_LIMIT_WAIT = "hetzner.rateLimitWait";
    /** Environment variable holding the token when the setting {@value #TOKEN} is absent (as for {@code hcloud}). */
    public static final String TOKEN_ENV = "HCLOUD_TOKEN";
    /** Environment variable naming the endpoint when the setting {@value #ENDPOINT} is absent (as for {@code hcloud}). */
    public static final String ENDPOINT_ENV = "HCLOUD_ENDPOINT";
    /** The public API. */
    public static final String DEFAULT_ENDPOINT = "https://api.hetzner.cloud/v1";
    /** The default location, Nuremberg. */
    public static final String DEFAULT_LOCATION = "nbg1";
    /** The default image. */
    public static final String DEFAULT_IMAGE = "ubuntu-24.04";

    private static final List<String> KNOWN = List.of(TOKEN, ENDPOINT, LOCATION, IMAGE, MAX_CONCURRENT_CALLS,
            CALLS_PER_SECOND, REQUEST_TIMEOUT, POLL_INTERVAL, ACTION_TIMEOUT, RATE_LIMIT_WAIT);
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    /**
     * Settings as given.
     *
     * @throws IllegalArgumentException when the endpoint is not an http or https URL OkHttp can
     *                                  call, or a number is out of range
     */
    public HetznerSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        if (HttpUrl.parse(endpoint.toString()) == null) {
            throw new IllegalArgumentException("the endpoint " + endpoint + " is not an http or https URL");
        }
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(actionTimeout, "actionTimeout");
        Objects.requireNonNull(rateLimitWait, "rateLimitWait");
        if (maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("maxConcurrentCalls must be at least 1");
        }
        if (callsPerSecond < 0 || Double.isNaN(callsPerSecond)) {
            throw new IllegalArgumentException("callsPerSecond must not be negative");
        }
    }

    /**
     * The settings in {@code config}.
     *
     * @throws KombifyException {@code HETZNER_SETTING_INVALID} naming the setting that cannot be used,
     *                          {@code HETZNER_SETTING_UNKNOWN} for a {@code hetzner.} setting it does not know
     */
    public static HetznerSettings from(ProviderConfig config) {
        for (String name : config.settings().keySet()) {
            if (name.startsWith("hetzner.") && !KNOWN.contains(name)) {
                String message = "setting " + name + " is not one the hetzner provider knows";
                throw new KombifyException("HETZNER_SETTING_UNKNOWN", message, List.of(Diagnostic.error(
                        "HETZNER_SETTING_UNKNOWN", name, message, "the settings are " + String.join(", ", KNOWN))));
            }
        }
        String endpointText = config.setting(ENDPOINT).or(() -> Optional.ofNullable(config.environment().get(ENDPOINT_ENV)))
                .filter(s -> !s.isBlank()).orElse(DEFAULT_ENDPOINT).trim();
        String endpointSource = config.setting(ENDPOINT).isPresent() ? ENDPOINT : ENDPOINT_ENV;
        URI endpoint;
        try {
            endpoint = new URI(endpointText.endsWith("/") ? endpointText.substring(0, endpointText.length() - 1) : endpointText);
        } catch (URISyntaxException e) {
            throw invalid(endpointSource, "is not a URL: " + e.getReason(), "give the API's base URL, such as " + DEFAULT_ENDPOINT);
        }
        if (endpoint.getScheme() == null || !(endpoint.getScheme().equals("https") || endpoint.getScheme().equals("http"))
                || endpoint.getHost() == null) {
            throw invalid(endpointSource, "must be an http or https URL, not " + endpointText,
                    "give the API's base URL, such as " + DEFAULT_ENDPOINT);
        }
        if (HttpUrl.parse(endpoint.toString()) == null) {
            throw invalid(endpointSource, "is not a URL that can be called: " + endpointText,
                    "check the host and the port (1 to 65535), as in " + DEFAULT_ENDPOINT);
        }
        if (endpoint.getScheme().equals("http") && !loopback(endpoint.getHost())) {
            throw invalid(endpointSource, "is plain http to " + endpoint.getHost() + ", which would send the API token unencrypted",
                    "use https, or http only to a loopback address (127.0.0.1, [::1], localhost) such as a local fake");
        }
        String location = text(config, LOCATION, DEFAULT_LOCATION);
        String image = text(config, IMAGE, DEFAULT_IMAGE);
        int concurrent = (int) number(config, MAX_CONCURRENT_CALLS, 4, 1, 64, true);
        double perSecond = number(config, CALLS_PER_SECOND, 5, 0, 1000, false);
        return new HetznerSettings(endpoint, location, image, concurrent, perSecond,
                duration(config, REQUEST_TIMEOUT, Duration.ofSeconds(30)),
                duration(config, POLL_INTERVAL, Duration.ofSeconds(1)),
                duration(config, ACTION_TIMEOUT, Duration.ofMinutes(10)),
                duration(config, RATE_LIMIT_WAIT, Duration.ofSeconds(10)));
    }

    /** Whether a URL's host is the loopback interface: {@code localhost}, {@code 127.x.x.x} or {@code [::1]}. */
    static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
                || h.equals("[::1]") || h.equals("::1") || h.equals("[0:0:0:0:0:0:0:1]");
    }

    private static String text(ProviderConfig config, String name, String fallback) {
        String value = config.setting(name).map(String::trim).orElse(fallback);
        if (value.isEmpty()) {
            throw invalid(name, "is empty", "leave it out for " + fallback + ", or give a value");
        }
        return value;
    }

    private static double number(ProviderConfig config, String name, double fallback, double min, double max, boolean whole) {
        Optional<String> text = config.setting(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(text.get().trim());
            if (value < min || value > max || (whole && value != Math.rint(value))) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a" + (whole ? " whole" : "") + " number from " + Attrs.plain(min) + " to "
                    + Attrs.plain(max) + ", not '" + text.get() + "'", "for example --provider-setting " + name + "="
                    + Attrs.plain(fallback));
        }
    }

    private static Duration duration(ProviderConfig config, String name, Duration fallback) {
        Optional<String> text = config.setting(name);
        if (text.isEmpty()) {
            return fallback;
        }
        Matcher m = DURATION.matcher(text.get().trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw invalid(name, "is not a duration: '" + text.get() + "'", "write it as 500ms, 2s, 5m or 1h");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 1000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    private static KombifyException invalid(String setting, String problem, String hint) {
        String message = "setting " + setting + " " + problem;
        return new KombifyException("HETZNER_SETTING_INVALID", message,
                List.of(Diagnostic.error("HETZNER_SETTING_INVALID", setting, message, hint)));
    }
}
