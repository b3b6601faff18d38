package io.hazardgate.config;

/**
 * Invalid configuration. The message always names the file, the field (as a path such as
 * {@code sensors[2].limits.HH}) and the reason, so an operator can fix it without reading code; in a
 * site file also the point or source the field belongs to ({@code sensor LT-101}), and the gateway config
 * that listed the site file.
 */
public final class ConfigException extends RuntimeException {
    private final String file;
    private final String field;
    private final String reason;
    private final String subject;
    private final String listedIn;

    public ConfigException(String file, String field, String reason) {
        this(file, field, reason, "", "");
    }

    /**
     * @param subject  what the field belongs to, such as {@code sensor LT-101}; "" when nothing smaller than the file
     * @param listedIn the config file and entry that named {@code file}, such as {@code config/gateway.yaml, sites[0]}; "" for none
     */
    public ConfigException(String file, String field, String reason, String subject, String listedIn) {
        super(file + (listedIn.isEmpty() ? "" : " (listed in " + listedIn + ")") + ": "
                + (field.isEmpty() ? "" : field + (subject.isEmpty() ? "" : " (" + subject + ")") + ": ") + reason);
        this.file = file;
        this.field = field;
        this.reason = reason;
        this.subject = subject;
        this.listedIn = listedIn;
    }

    /** The same error, saying which config file (and entry) listed the file it is in. */
    public ConfigException listedIn(String config) {
        return new ConfigException(file, field, reason, subject, config);
    }

    public String file() { return file; }

    public String field() { return field; }

    public String reason() { return reason; }

    /** What the field belongs to, such as {@code sensor LT-101}; "" when nothing smaller than the file. */
    public String subject() { return subject; }
}
