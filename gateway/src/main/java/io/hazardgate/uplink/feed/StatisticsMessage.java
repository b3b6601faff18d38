package io.hazardgate.uplink.feed;

import io.hazardgate.config.site.Site;
import io.hazardgate.config.uplink.MessageKind;
import io.hazardgate.uplink.stats.Figures;
import io.hazardgate.uplink.stats.SiteFigures;
import io.hazardgate.uplink.template.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A statistics message: a site's figures for one day, in total and per reported hazard source. */
public final class StatisticsMessage {
    private StatisticsMessage() {}

    public static OutgoingMessage of(String uplink, Site site, SiteFigures f, boolean dayIsOver, Instant sentAt) {
        String id = "statistics:" + site.id() + ":" + f.day() + (dayIsOver ? ":final" : ":" + sentAt.toEpochMilli());
        List<Context> sources = new ArrayList<>();
        for (Map.Entry<String, Figures> e : f.sources().entrySet()) {
            String code = site.codes().sourceCode(e.getKey());
            if (code.isEmpty()) continue; // a source the platform does not know
            Context own = Values.of(Map.of("source.code", code, "source.id", e.getKey(),
                    "source.name", site.hazardSource(e.getKey()).name()), Map.of());
            sources.add(Values.chain(own, figures(e.getValue())));
        }
        Context values = Values.chain(
                Values.message(uplink, MessageKind.STATISTICS, id, false, sentAt, sources.size(), site),
                Values.of(Map.of("day", f.day(), "final", dayIsOver), Map.of("sources", sources)),
                figures(f.total()));
        return new OutgoingMessage(MessageKind.STATISTICS, id, site.id(), false, values, 0);
    }

    private static Context figures(Figures f) {
        return name -> switch (name) {
            case "points.total" -> f.pointsTotal();
            case "points.online" -> f.pointsOnline();
            case "points.onlineRate" -> f.pointOnlineRate();
            case "devices.total" -> f.devicesTotal();
            case "devices.online" -> f.devicesOnline();
            case "devices.onlineRate" -> f.deviceOnlineRate();
            case "readings.received" -> f.received();
            case "readings.expected" -> f.expected();
            case "completeness" -> f.completeness();
            case "alarms.red" -> f.alarms().red();
            case "alarms.orange" -> f.alarms().orange();
            case "alarms.yellow" -> f.alarms().yellow();
            case "alarms.blue" -> f.alarms().blue();
            case "alarms.fault" -> f.alarms().fault();
            case "alarms.noData" -> f.alarms().noData();
            case "alarms.total" -> f.alarms().total();
            default -> Context.ABSENT;
        };
    }
}
