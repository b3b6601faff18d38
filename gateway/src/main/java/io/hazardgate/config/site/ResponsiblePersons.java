package io.hazardgate.config.site;

import io.hazardgate.config.rules.EscalationPlan;

/**
 * The responsible persons of a hazard source (包保责任人: principal, technical, operational) and the
 * supervisor above them (the 库长 of a tailings dam, the supervising official of a hazard source), as
 * named in the site file. Unacknowledged alarms escalate to them ({@link EscalationPlan}).
 */
public record ResponsiblePersons(String principal, String technical, String operational, String supervisor) {
    public static final ResponsiblePersons NONE = new ResponsiblePersons("", "", "", "");

    public ResponsiblePersons(String principal, String technical, String operational) {
        this(principal, technical, operational, "");
    }

    /** The person of {@code role} ({@link EscalationPlan#ROLES}); "" when none is configured. */
    public String person(String role) {
        return switch (role) {
            case EscalationPlan.PRINCIPAL -> principal;
            case EscalationPlan.TECHNICAL -> technical;
            case EscalationPlan.OPERATIONAL -> operational;
            case EscalationPlan.SUPERVISOR -> supervisor;
            default -> "";
        };
    }
}
