package io.hazardgate.config.site;

/** The three responsible persons of a hazard source (包保责任人), in escalation order. */
public record ResponsiblePersons(String principal, String technical, String operational) {
    public static final ResponsiblePersons NONE = new ResponsiblePersons("", "", "");
}
