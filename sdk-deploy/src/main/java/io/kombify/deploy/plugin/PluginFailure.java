package io.kombify.deploy.plugin;

import io.kombify.core.Diagnostic;
import io.kombify.core.KombifyException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A plugin that cannot be used, with the code and hint its problem report carries. */
final class PluginFailure extends Exception {

    private final String code;
    private final String hint;

    PluginFailure(String code, String message, String hint) {
        this(code, message, hint, null);
    }

    PluginFailure(String code, String message, String hint, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.hint = hint;
    }

    String code() {
        return code;
    }

    String hint() {
        return hint;
    }

    PluginProblem problem(String plugin, Path path) {
        return new PluginProblem(plugin, Optional.of(path), code, getMessage(), hint);
    }

    KombifyException toException() {
        return new KombifyException(code, getMessage(), List.of(Diagnostic.error(code, "", getMessage(), hint)),
                getCause());
    }
}
