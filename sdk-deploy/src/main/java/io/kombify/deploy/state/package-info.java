/**
 * Recorded state: what kombify created, behind the {@link io.kombify.deploy.state.StateStore}
 * SPI, with locks and the journal that makes an interrupted apply recoverable. The default
 * store is {@link io.kombify.deploy.state.LocalDirectoryStateStore}.
 */
package io.kombify.deploy.state;
