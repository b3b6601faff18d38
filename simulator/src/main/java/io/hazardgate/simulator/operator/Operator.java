package io.hazardgate.simulator.operator;

import java.util.List;

/**
 * The operator on duty in the control room, as a scenario needs one: acknowledges the alarms of a point.
 * Acknowledging is an operator's act on the gateway (docs/api.md), not something a data logger sends.
 */
public interface Operator {
    /**
     * Acknowledges every active, unacknowledged alarm of {@code tag}.
     *
     * @param comment recorded with the acknowledgement; empty for none
     * @return one line per alarm acknowledged, or why none was; never empty
     */
    List<String> acknowledge(String site, String tag, String comment);

    /** Nobody to ask: a dry run says what it would do. */
    Operator NONE = (site, tag, comment) -> List.of("(dry run: the active alarms of " + tag + " would be acknowledged)");
}
