package io.hazardgate.config.response;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Who is on duty when, for one site (or {@code *} for every site without its own): daily shifts in the
 * roster's time zone, covering the whole day. The role {@code duty} in a route means the people on the
 * current shift.
 */
public record DutyRoster(String site, ZoneId zone, List<Shift> shifts) {
    public static final String ANY_SITE = "*";

    /**
     * A daily shift, {@code from} inclusive to {@code to} exclusive, crossing midnight when {@code to} is
     * not after {@code from}.
     */
    public record Shift(String name, LocalTime from, LocalTime to, List<String> people) {
        public boolean covers(LocalTime t) {
            return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
        }
    }

    /** The shift on duty at {@code now}. Shifts cover the day (config validation), so there always is one. */
    public Shift shiftAt(Instant now) {
        LocalTime t = ZonedDateTime.ofInstant(now, zone).toLocalTime();
        for (Shift s : shifts) if (s.covers(t)) return s;
        throw new IllegalStateException("roster of " + site + " leaves " + t + " uncovered");
    }

    /** The shift after the one on duty at {@code now}, and when it starts. */
    public ZonedDateTime nextChange(Instant now) {
        ZonedDateTime z = ZonedDateTime.ofInstant(now, zone);
        Shift current = shiftAt(now);
        ZonedDateTime end = z.with(current.to());
        if (!end.isAfter(z)) end = end.plusDays(1);
        return end;
    }
}
