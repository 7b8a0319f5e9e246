package io.kombify.plugin.docker;

import io.kombify.deploy.ResourceId;
import io.kombify.deploy.spi.ProviderContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labels the Docker provider puts on what it creates: the ownership labels of the
 * {@link ProviderContext} (stack, resource, idempotency key), and a few of its own that keep what
 * Docker does not (which node a resource belongs to, the order of ports, which labels and
 * environment variables were asked for as opposed to inherited from the image).
 */
final class Labels {
    /** The node a container, network or volume belongs to. */
    static final String NODE = "kombify.io/node";
    /** Names of the labels the spec asked for, one a line (the image may add others). */
    static final String LABEL_KEYS = "kombify.io/label-keys";
    /** Names of the environment variables the spec asked for, one a line (the image may add others). */
    static final String ENVIRONMENT_KEYS = "kombify.io/environment-keys";
    /** Names of the environment variables given secret values, one a line (never the values). */
    static final String SECRET_ENVIRONMENT_KEYS = "kombify.io/secret-environment-keys";
    /** Anonymous volumes taken over from the container this one replaced, one a line, removed with it. */
    static final String CARRIED_VOLUMES = "kombify.io/carried-volumes";
    /** Present when the spec gave the container a health check of its own (not its image's). */
    static final String HEALTHCHECK = "kombify.io/healthcheck";
    /** The ports as the spec lists them, {@code 8080/tcp} one a line, so that they read back in that order. */
    static final String PORTS = "kombify.io/ports";
    /** A command written as one string, as written. */
    static final String COMMAND = "kombify.io/command";
    /** Present when the command was written as a list of arguments. */
    static final String COMMAND_ARGUMENTS = "kombify.io/command-arguments";
    /** The internal port a reverse proxy would use. */
    static final String INTERNAL_PORT = "kombify.io/internal-port";
    /** Capabilities to drop as written (Docker reports them in its own spelling and order). */
    static final String DROP_CAPABILITIES = "kombify.io/drop-capabilities";
    /** A container's pull policy when it was made (kombify's setting, which Docker does not keep). */
    static final String PULL_POLICY = "kombify.io/pull-policy";
    /** The service a volume belongs to. */
    static final String SERVICE = "kombify.io/service";
    /** Whether a volume is backed up. */
    static final String BACKUP = "kombify.io/backup";

    private Labels() {
    }

    /** The context's ownership labels, completed with the stack, the resource and the key of this create. */
    static Map<String, String> ownership(ProviderContext context, ResourceId id, String idempotencyKey) {
        Map<String, String> labels = new LinkedHashMap<>(context.ownershipLabels());
        labels.put(ProviderContext.LABEL_STACK, context.stack());
        labels.put(ProviderContext.LABEL_RESOURCE, id.toString());
        labels.put(ProviderContext.LABEL_IDEMPOTENCY_KEY, idempotencyKey);
        return labels;
    }

    /**
     * Whose an object of a wanted name is, by its ownership labels, to complete "a container
     * named X already exists and ...".
     */
    static String owner(Map<String, String> labels) {
        String stack = labels.get(ProviderContext.LABEL_STACK);
        String resource = labels.get(ProviderContext.LABEL_RESOURCE);
        if (stack != null && resource != null) {
            return "it belongs to " + resource + " of stack " + stack;
        }
        if (stack != null) {
            return "it carries the label " + ProviderContext.LABEL_STACK + "=" + stack + " but no "
                    + ProviderContext.LABEL_RESOURCE + ", so kombify did not create it";
        }
        if (resource != null) {
            return "it carries the label " + ProviderContext.LABEL_RESOURCE + "=" + resource + " but no "
                    + ProviderContext.LABEL_STACK + ", so kombify did not create it";
        }
        return "kombify did not create it";
    }

    /** Strings one a line. */
    static String lines(Collection<String> values) {
        return String.join("\n", values);
    }

    /** The lines of a label written by {@link #lines}; none for {@code null} or empty. */
    static List<String> lines(String value) {
        List<String> out = new ArrayList<>();
        if (value == null || value.isEmpty()) {
            return out;
        }
        for (String line : value.split("\n", -1)) {
            out.add(line);
        }
        return out;
    }
}
