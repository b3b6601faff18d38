package io.hazardgate.config;

/**
 * Invalid configuration. The message always names the file, the field (as a path such as
 * {@code sensors[2].limits.HH}) and the reason, so an operator can fix it without reading code.
 */
public final class ConfigException extends RuntimeException {
    private final String file;
    private final String field;
    private final String reason;

    public ConfigException(String file, String field, String reason) {
        super(file + ": " + (field.isEmpty() ? "" : field + ": ") + reason);
        this.file = file;
        this.field = field;
        this.reason = reason;
    }

    public String file() { return file; }

    public String field() { return field; }

    public String reason() { return reason; }
}
