/**
 * Example applications that embed the kombify SDK the way a modular application does:
 * as a named module that requires {@code io.kombify.spec} and {@code io.kombify.sim}, and nothing else.
 */
module io.kombify.samples {
    requires io.kombify.spec;
    requires io.kombify.sim;
}
