package io.kombify.spec.model;

/**
 * TLS policy.
 *
 * @param minVersion   default {@code 1.2}
 * @param certSource   default {@code acme}
 * @param acmeEmail    contact address for the ACME account
 * @param acmeProvider default {@code letsencrypt}
 */
public record TlsConfig(TlsVersion minVersion, CertSource certSource, String acmeEmail, AcmeProvider acmeProvider) {
}
