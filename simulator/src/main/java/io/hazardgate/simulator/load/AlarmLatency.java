package io.hazardgate.simulator.load;

import org.HdrHistogram.Histogram;

/**
 * What the alarm probe of a load run measured.
 *
 * @param triggers  messages published carrying a reading over the limit
 * @param raised    raised events received for them
 * @param cleared   cleared events received for alarms this run raised (each point's next reading clears it)
 * @param missing   triggers whose raised event never came
 * @param unmatched events received that no trigger of this run explains
 * @param latency   publish of the triggering message to arrival of its raised event, microseconds
 */
public record AlarmLatency(long triggers, long raised, long cleared, long missing, long unmatched, Histogram latency) {}
