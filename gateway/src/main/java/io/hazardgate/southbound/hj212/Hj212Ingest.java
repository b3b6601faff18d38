package io.hazardgate.southbound.hj212;

import io.hazardgate.config.device.Hj212Device;
import io.hazardgate.config.site.Device;
import io.hazardgate.config.site.Site;
import io.hazardgate.ingest.ReadingBuilder;
import io.hazardgate.ingest.ReadingIntake;
import io.hazardgate.record.Quality;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an HJ 212 packet becomes: its MN must be a configured logger's and its PW that logger's
 * password; a real-time (CN 2011: {@code xxx-Rtd}), minute (2051), hour (2061) or day (2031: {@code xxx-Avg})
 * upload becomes one record of readings with each factor's data flag as quality, stamped with
 * {@code DataTime} in the logger's zone; the data answer (CN 9014) goes back once the readings are
 * durable, when the packet's Flag asks for one. Accounts change with every reload.
 */
public final class Hj212Ingest {
    private static final Logger log = LoggerFactory.getLogger(Hj212Ingest.class);
    private static final DateTimeFormatter DATA_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    /** What became of a packet, and so what the connection does next. */
    public enum Verdict {
        /** Readings taken; the answer follows when durable, if asked for. */
        TAKEN,
        /** A valid packet without data for the gateway (another command): nothing to do. */
        IGNORED,
        /** Refused (invalid data, the gateway busy): counted; the logger sends it again. */
        REFUSED,
        /** Unknown MN or wrong PW: counted; the connection is closed. */
        UNAUTHORISED
    }

    /** A configured logger. */
    private record Account(String site, String device, Hj212Device hj212, byte[] password) {}

    private final ReadingIntake intake;
    private final Hj212Metrics metrics;
    private volatile Map<String, Account> byMn = Map.of();

    public Hj212Ingest(ReadingIntake intake, Hj212Metrics metrics) {
        this.intake = intake;
        this.metrics = metrics;
    }

    /** The loggers of {@code sites}: called on start and on every applied reload. */
    public void accounts(List<Site> sites) {
        Map<String, Account> m = new HashMap<>();
        for (Site s : sites) {
            for (Device d : s.devices()) {
                if (d.hj212() != null) {
                    m.put(d.hj212().mn(), new Account(s.id(), d.id(), d.hj212(), d.hj212().password().getBytes(StandardCharsets.US_ASCII)));
                }
            }
        }
        byMn = Map.copyOf(m);
    }

    public Hj212Metrics metrics() { return metrics; }

    /**
     * Takes one packet whose CRC was right.
     *
     * @param answer sends a data segment back to the logger (on any thread)
     * @param peer   the remote address, for log lines
     */
    public Verdict accept(Hj212Packet p, Consumer<String> answer, String peer) {
        Account a = byMn.get(p.mn());
        if (a == null || !MessageDigest.isEqual(a.password(), p.pw().getBytes(StandardCharsets.US_ASCII))) {
            metrics.unauthorised.increment();
            log.warn("HJ 212 packet from {} refused: {}", peer, a == null ? "unknown MN '" + clip(p.mn()) + "'"
                    : "wrong PW for MN '" + p.mn() + "' (" + a.site() + "/" + a.device() + ")");
            return Verdict.UNAUTHORISED;
        }
        if (!p.carriesData()) {
            metrics.ignored.increment();
            log.debug("HJ 212 {} from {}/{}: CN={} carries no data for the gateway", peer, a.site(), a.device(), p.cn());
            return Verdict.IGNORED;
        }
        String suffix = p.cn().equals(Hj212Packet.REAL_TIME) ? "-Rtd" : "-Avg";
        boolean taken = intake.submit(a.site(), a.device(), b -> readings(p, a, suffix, b), new ReadingIntake.Outcome() {
            @Override public void durable() {
                if (p.wantsAnswer()) {
                    metrics.answers.increment();
                    answer.accept(p.answer());
                }
            }

            @Override public void refused(String reason) {
                log.debug("HJ 212 packet QN={} from {}/{} refused: {}", p.qn(), a.site(), a.device(), reason);
            }
        });
        if (taken) {
            metrics.accepted.increment();
            return Verdict.TAKEN;
        }
        metrics.refused.increment();
        return Verdict.REFUSED;
    }

    private static void readings(Hj212Packet p, Account a, String suffix, ReadingBuilder b) {
        String dataTime = p.cp().get("DataTime");
        if (dataTime != null) {
            long ts;
            try {
                ts = LocalDateTime.parse(dataTime, DATA_TIME).atZone(a.hj212().zone()).toInstant().toEpochMilli();
            } catch (DateTimeException e) {
                b.fail("DataTime '" + clip(dataTime) + "' is not yyyyMMddHHmmss");
                return;
            }
            if (!b.messageTimestamp(ts)) return;
        }
        for (Map.Entry<String, String> e : p.cp().entrySet()) {
            String key = e.getKey();
            if (!key.endsWith(suffix)) continue;
            String code = key.substring(0, key.length() - suffix.length());
            double v;
            try {
                v = Double.parseDouble(e.getValue());
            } catch (NumberFormatException notANumber) {
                v = Double.NaN; // a factor without a value is a fault, as in the gateway's JSON
            }
            String tag = a.hj212().factors().getOrDefault(code, code);
            if (!b.add(tag, ReadingBuilder.NO_TIMESTAMP, v, quality(p.cp().get(code + "-Flag")))) return;
        }
    }

    /**
     * A factor's data flag (HJ 212-2017 §6.6.4) as quality: N normal is good; D instrument fault, F
     * stopped and B communication abnormal are bad; maintenance M, manual input S, calibration C, over
     * the upper limit T and anything else are uncertain.
     */
    static Quality quality(String flag) {
        if (flag == null || flag.equals("N")) return Quality.GOOD;
        return switch (flag) {
            case "D", "F", "B" -> Quality.BAD;
            default -> Quality.UNCERTAIN;
        };
    }

    private static String clip(String s) { return s.length() > 24 ? s.substring(0, 24) + "…" : s; }
}
