package io.hazardgate.uplink;

import io.hazardgate.config.site.Site;
import io.hazardgate.config.uplink.MessageKind;
import io.hazardgate.config.uplink.UplinkSettings;
import io.hazardgate.store.log.DurableLog;
import io.hazardgate.store.log.LogCursor;
import io.hazardgate.uplink.stats.RegulatorStatistics;
import io.hazardgate.uplink.template.TemplateRenderer;
import io.hazardgate.uplink.transport.HttpTransport;
import io.hazardgate.uplink.transport.MqttTransport;
import io.hazardgate.uplink.transport.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's reporting to supervision platforms: the regulators' statistics, kept from the log, and
 * one {@link Uplink} per configured platform, each with its own cursor over the log. The cursors must be
 * declared when the log opens ({@link #cursors}), so the log keeps what the slowest uplink still needs
 * from the first moment.
 */
public final class Uplinks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Uplinks.class);

    private final RegulatorStatistics statistics;
    private final List<Uplink> uplinks;

    private Uplinks(RegulatorStatistics statistics, List<Uplink> uplinks) {
        this.statistics = statistics;
        this.uplinks = uplinks;
    }

    /** The log cursors of the statistics and of every configured uplink. */
    public static List<LogCursor.Spec> cursors(List<UplinkSettings> settings) {
        List<LogCursor.Spec> out = new ArrayList<>();
        out.add(RegulatorStatistics.CURSOR);
        for (UplinkSettings s : settings) out.add(Uplink.cursorSpec(s));
        return out;
    }

    /** Starts the statistics and every uplink over {@code log}, whose cursors were declared by {@link #cursors}. */
    public static Uplinks start(List<UplinkSettings> settings, DurableLog log, List<Site> sites, Clock clock,
                                MeterRegistry meters) throws IOException, GeneralSecurityException {
        RegulatorStatistics statistics = RegulatorStatistics.start(log, sites, clock);
        UplinkMetrics.statistics(meters, statistics);
        List<Uplink> started = new ArrayList<>();
        try {
            for (UplinkSettings s : settings) {
                warnIfKeysReadableByOthers(s);
                Set<MessageKind> kinds = kinds(s);
                TemplateRenderer renderer = new TemplateRenderer(s.templates().maps(), s.zone());
                Transport t = s.http() != null
                        ? new HttpTransport(s.http(), s.keys(), renderer, s.templates().bodies(), clock)
                        : new MqttTransport(s.mqtt(), s.keys(), renderer, s.templates().bodies());
                Uplink u = new Uplink(s, log, sites, statistics, t, kinds, clock, meters);
                u.start();
                started.add(u);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            started.forEach(Uplink::close);
            statistics.close();
            throw e;
        }
        return new Uplinks(statistics, List.copyOf(started));
    }

    /** The kinds an uplink sends: those with a template and a path or topic. */
    private static Set<MessageKind> kinds(UplinkSettings s) {
        Set<MessageKind> out = EnumSet.noneOf(MessageKind.class);
        for (MessageKind k : MessageKind.values()) {
            if (s.templates().body(k) == null) continue;
            if (s.http() != null ? s.http().paths().containsKey(k) : s.mqtt().topics().containsKey(k)) out.add(k);
        }
        return out;
    }

    private static void warnIfKeysReadableByOthers(UplinkSettings s) {
        if (s.keys().file() == null) return;
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(s.keys().file());
            if (p.contains(PosixFilePermission.OTHERS_READ) || p.contains(PosixFilePermission.GROUP_READ)) {
                LOG.warn("Uplink {}: key file {} can be read by other users; chmod 600 it", s.name(), s.keys().file());
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
    }

    /** The regulators' statistics. */
    public RegulatorStatistics statistics() { return statistics; }

    /** Each uplink's status, in configuration order. */
    public List<UplinkStatus> status() {
        return uplinks.stream().map(Uplink::status).toList();
    }

    /** Applies reloaded sites: their codes and points, to what is sent and counted from now on. */
    public void reload(List<Site> sites) {
        statistics.reload(sites);
        for (Uplink u : uplinks) u.reload(sites);
    }

    @Override
    public void close() {
        for (Uplink u : uplinks) u.close();
        statistics.close();
    }
}
