package io.kombify.sim.cloud.hetzner;

import tools.jackson.databind.node.ObjectNode;

/**
 * An error answer of the fake, in the API's envelope {@code {"error": {"code", "message", "details"}}};
 * thrown by a handler and turned into the response by the server.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient ObjectNode details;

    ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    ApiException(int status, String code, String message, ObjectNode details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** The error's body, as the API sends it. */
    ObjectNode body() {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", getMessage());
        error.set("details", details == null ? Json.object() : details);
        return root;
    }

    static ApiException notFound(String what, long id) {
        return new ApiException(404, "not_found", what + " with ID '" + id + "' not found");
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    /** {@code 422} with one of the operation specific codes the document lists. */
    static ApiException unprocessable(String code, String message) {
        return new ApiException(422, code, message);
    }

    /** {@code 409 uniqueness_error} naming the fields whose value is already used. */
    static ApiException uniqueness(String message, String... fields) {
        ObjectNode details = Json.object();
        var list = details.putArray("fields");
        for (String f : fields) {
            list.addObject().put("name", f);
        }
        return new ApiException(409, "uniqueness_error", message, details);
    }

    /** {@code 400 invalid_input} for one field. */
    static ApiException invalidField(String field, String message) {
        return Body.FieldErrors.single(field, message);
    }
}
