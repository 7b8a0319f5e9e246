package io.kombify.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticTest {

    @Test
    void printsPositionCodeAndPath() {
        Diagnostic d = Diagnostic.error("SERVICE_NODE_UNKNOWN", "/services/1/node", "node 'nsa' does not exist", "did you mean `nas`?")
                .at(12, 11);
        assertThat(d).hasToString("12:11: error SERVICE_NODE_UNKNOWN: node 'nsa' does not exist (at /services/1/node)");
        assertThat(d.isError()).isTrue();
        assertThat(d.hint()).isEqualTo("did you mean `nas`?");
    }

    @Test
    void aDiagnosticWithoutPositionSaysSo() {
        Diagnostic d = Diagnostic.warning("SERVICE_NEEDS_DISABLED", "", "x", " ");
        assertThat(d.hasPosition()).isFalse();
        assertThat(d.hint()).isNull();
        assertThat(d.severity().label()).isEqualTo("warning");
    }

    @Test
    void rejectsNegativePositions() {
        assertThatThrownBy(() -> new Diagnostic(Severity.ERROR, "C", "m", "", -1, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExceptionCarriesEveryFinding() {
        var findings = List.of(Diagnostic.error("A", "/a", "a", null), Diagnostic.error("B", "/b", "b", null));
        KombifyException e = new KombifyException("SPEC_INVALID", "2 errors", findings);
        assertThat(e.code()).isEqualTo("SPEC_INVALID");
        assertThat(e.diagnostics()).extracting(Diagnostic::code).containsExactly("A", "B");
    }
}
