package io.hazardgate.simulator.load;

/**
 * One second of a load run, as the progress line shows it and the report charts it.
 *
 * @param elapsedSeconds end of the interval, seconds since the run started
 * @param published      messages handed to Paho in the interval
 * @param acked          messages acknowledged in the interval (QoS 1 PUBACK; QoS 0: written)
 * @param received       messages the counting subscriber received in the interval (0 without one)
 * @param errors         publishes refused or failed, in total so far
 * @param inFlight       published and not yet acknowledged, at the end of the interval
 * @param lag            messages behind the target rate, at the end of the interval
 * @param ackP50Millis   median publish→acknowledgement latency in the interval; NaN when none
 */
public record LoadSample(double elapsedSeconds, long published, long acked, long received, long errors, long inFlight,
                         long lag, double ackP50Millis, double ackP99Millis, double ackMaxMillis) {}
