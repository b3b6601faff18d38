package io.hazardgate.uplink.stats;

import java.time.LocalDate;

/**
 * What regulators count for one day, for a site (enterprise) or one of its hazard sources.
 *
 * @param pointsOnline     today: points live now; an earlier day: points heard from that day
 * @param pointOnlineRate  share of the day's time (so far, today) its points were online (在线率)
 * @param devicesOnline    as {@code pointsOnline}, for data loggers (site figures only; 0 for a source)
 * @param deviceOnlineRate as {@code pointOnlineRate}, for data loggers
 * @param received         readings timestamped that day, each point counted up to what it should send
 * @param expected         readings the points should send that day (so far) at their acquisition periods
 * @param completeness     {@code received / expected} (数据完整率), 1 when nothing was expected
 * @param alarms           alarms raised that day by colour, and faults and lost data apart
 */
public record Figures(LocalDate day, int pointsTotal, int pointsOnline, double pointOnlineRate, int devicesTotal,
                      int devicesOnline, double deviceOnlineRate, long received, long expected, double completeness,
                      AlarmCounts alarms) {

    /** Alarm occurrences of a day: raised at a colour (an escalation counts again at its new colour). */
    public record AlarmCounts(long red, long orange, long yellow, long blue, long fault, long noData) {
        public long total() { return red + orange + yellow + blue + fault + noData; }
    }
}
