package io.hazardgate.response;

import java.util.List;

/**
 * A shift hand-over: the incoming operator took over the open alarms of a site, acknowledging each.
 *
 * @param shift              the shift taken over
 * @param by                 the operator's login
 * @param person             the person's name from the roster
 * @param acknowledged       alarms the hand-over acknowledged
 * @param alreadyAcknowledged open alarms someone had acknowledged before
 */
public record Handover(String site, String shift, String by, String person, long ts, List<String> acknowledged,
                       List<String> alreadyAcknowledged, String comment) {}
