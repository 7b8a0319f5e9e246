package io.kombify.spec.model;

/**
 * The regular expressions of upstream's {@code kombination.cue}, as used in the model's
 * {@link Pattern} constraints.
 */
public final class SpecPatterns {
    private SpecPatterns() {
    }

    /** RFC 1123 label as upstream writes it ({@code #DNSName}). */
    public static final String DNS_NAME = "^[a-z][a-z0-9-]{0,61}[a-z0-9]$";
    public static final String VERSION = "^[0-9]+\\.[0-9]+$";
    /** {@code #IPOrHostname}: a dotted quad or a host name. */
    public static final String IP_OR_HOSTNAME = "^([0-9]{1,3}\\.){3}[0-9]{1,3}$|^[a-zA-Z0-9][a-zA-Z0-9.-]*[a-zA-Z0-9]$";
    public static final String SSH_USER = "^[a-z_][a-z0-9_-]*$";
    public static final String NODE_MEMORY = "^[0-9]+(Mi|Gi)$";
    public static final String NODE_DISK = "^[0-9]+(Gi|Ti)$";
    public static final String CPU = "^[0-9]+(\\.[0-9]+)?$";
    public static final String SECRET_REF = "^secret://";
    public static final String SWAP = "^disabled$|^auto$|^[0-9]+(Mi|Gi)$";
    public static final String FIREWALL_SOURCE = "^any$|^lan$|^vpn$|^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$";
    public static final String DOMAIN = "^[a-z][a-z0-9.-]+$";
    public static final String CIDR = "^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$";
    public static final String IPV4 = "^([0-9]{1,3}\\.){3}[0-9]{1,3}$";
    public static final String RETENTION = "^[0-9]+[hdwm]$";
    public static final String DURATION = "^[0-9]+[smh]$";
    public static final String CRON = "^[0-9*,-/]+ [0-9*,-/]+ [0-9*,-/]+ [0-9*,-/]+ [0-9*,-/]+$";
}
