package io.kombify.spec.model;

import java.util.Map;

/**
 * Recovery material (open).
 *
 * @param passphraseHashPresent a boolean or a string
 * @param passphraseHashRef     a {@code secret://} reference to the passphrase hash
 * @param passphraseHash        the hash itself ({@code passphrase_hash} in the spec)
 * @param extra                 fields the schema does not name
 */
public record RecoveryBootstrap(
        Object passphraseHashPresent,
        @Pattern(value = SpecPatterns.SECRET_REF, example = "secret://recovery-hash") String passphraseHashRef,
        @Key("passphrase_hash") String passphraseHash,
        @Open Map<String, Object> extra) {
    public RecoveryBootstrap {
        extra = Copies.map(extra);
    }
}
