package io.hazardgate.simulator.scenario;

import io.hazardgate.config.ConfigNode;
import io.hazardgate.config.site.Sensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads and checks the {@code incidents} of a scenario file. */
final class IncidentReader {
    static final List<String> POINT_TYPES = List.of("step", "ramp", "hold", "flatline", "out-of-range", "bad-quality", "accelerate");
    static final List<String> LINK_TYPES = List.of("offline", "garbage");
    static final List<String> OPERATOR_TYPES = List.of("ack");
    private static final Set<String> COMMON = Set.of("id", "at", "for", "site", "tag", "device");
    /** An out-of-range fault is this far outside the instrument range unless a value is given. */
    static final double OUT_OF_RANGE_MARGIN = 0.1;

    private final PlantCatalog plant;
    private final long durationMillis;

    IncidentReader(PlantCatalog plant, Duration duration) {
        this.plant = plant;
        this.durationMillis = duration.toMillis();
    }

    List<Incident> read(ConfigNode list) {
        List<Incident> out = new ArrayList<>();
        for (ConfigNode n : list.elements()) out.add(incident(n));
        return out;
    }

    private Incident incident(ConfigNode n) {
        n.requireObject();
        List<String> types = new ArrayList<>();
        for (String f : n.fieldNames()) if (POINT_TYPES.contains(f) || LINK_TYPES.contains(f) || OPERATOR_TYPES.contains(f)) types.add(f);
        if (types.size() != 1) {
            throw n.error(types.isEmpty() ? "needs one incident type: " + String.join(", ", POINT_TYPES) + ", " + String.join(", ", LINK_TYPES)
                    + ", " + String.join(", ", OPERATOR_TYPES)
                    : "has " + types.size() + " incident types (" + String.join(", ", types) + "); give one per incident");
        }
        String type = types.get(0);
        Set<String> known = new HashSet<>(COMMON);
        known.add(type);
        n.rejectUnknown(known);
        String id = n.get("id").identifier(null);
        long at = n.get("at").duration().toMillis();
        if (at >= durationMillis) throw n.get("at").error("is at or after the scenario's end (duration)");
        String site = plant.site(n);
        if (POINT_TYPES.contains(type)) return point(n, id, site, at, type);
        if (OPERATOR_TYPES.contains(type)) return ack(n, id, site, at);
        if (n.has("tag")) throw n.get("tag").error("a " + type + " incident concerns a device: give 'device', not 'tag'");
        String device = plant.playedDevice(n.get("device"), site);
        if (type.equals("garbage")) {
            if (n.has("for")) throw n.get("for").error("a garbage incident is one message: it has no 'for'");
            return garbage(n.get("garbage"), n.path(), id, site, device, at);
        }
        long length = length(n);
        if (at + length >= durationMillis) {
            throw n.get("for").error("the link must be back before the scenario ends, so that the buffered readings are uploaded");
        }
        ConfigNode p = n.get("offline").optionalObject();
        p.rejectUnknown(Set.of("upload"));
        return new OfflineIncident(id, n.path(), site, device, at, length, p.get("upload").bool(true));
    }

    /** Acknowledging is a moment's act on a point's alarms: a tag, no 'for'. */
    private AckIncident ack(ConfigNode n, String id, String site, long at) {
        if (n.has("device")) throw n.get("device").error("an ack incident concerns the alarms of a point: give 'tag', not 'device'");
        if (n.has("for")) throw n.get("for").error("an acknowledgement is a moment: it has no 'for'");
        String tag = plant.sensor(n.get("tag"), site).tag();
        ConfigNode p = n.get("ack").optionalObject();
        p.rejectUnknown(Set.of("comment"));
        return new AckIncident(id, n.path(), site, tag, at, p.get("comment").string(""));
    }

    private PointIncident point(ConfigNode n, String id, String site, long at, String type) {
        if (n.has("device")) throw n.get("device").error("a " + type + " incident concerns a point: give 'tag', not 'device'");
        Sensor sensor = plant.playedSensor(n.get("tag"), site);
        long length = length(n);
        if (at + length > durationMillis) throw n.get("for").error("ends after the scenario does (duration)");
        ConfigNode p = n.get(type).optionalObject();
        PointShape shape = switch (type) {
            case "step" -> {
                p.requireObject().rejectUnknown(Set.of("value"));
                yield new PointShape.Step(p.get("value").number());
            }
            case "ramp" -> {
                p.requireObject().rejectUnknown(Set.of("from", "to"));
                ConfigNode to = p.get("to");
                double target = to.isNumber() ? to.number() : Double.NaN;
                if (!to.isNumber() && !"normal".equals(to.string())) throw to.error("must be a number or 'normal', got '" + to.string() + "'");
                yield new PointShape.Ramp(p.get("from").number(Double.NaN), target);
            }
            case "hold" -> {
                p.rejectUnknown(Set.of("value"));
                yield new PointShape.Hold(p.get("value").number(Double.NaN));
            }
            case "flatline" -> {
                p.rejectUnknown(Set.of("value"));
                yield new PointShape.Flatline(p.get("value").number(Double.NaN));
            }
            case "out-of-range" -> outOfRange(p, sensor);
            case "bad-quality" -> {
                p.rejectUnknown(Set.of());
                yield new PointShape.BadQuality();
            }
            default -> {
                p.requireObject().rejectUnknown(Set.of("rate", "acceleration", "per"));
                long per = p.has("per") ? p.get("per").duration().toMillis() : Duration.ofDays(1).toMillis();
                if (per <= 0) throw p.get("per").error("must be positive");
                yield new PointShape.Accelerate(p.get("rate").number(0), p.get("acceleration").number(), per);
            }
        };
        return new PointIncident(id, n.path(), site, sensor.tag(), at, length, shape);
    }

    private static PointShape outOfRange(ConfigNode p, Sensor s) {
        p.rejectUnknown(Set.of("side", "value"));
        boolean hasRange = !Double.isNaN(s.rangeMin()) && !Double.isNaN(s.rangeMax());
        String side = p.get("side").oneOf(List.of("high", "low"), "high");
        if (p.has("value")) {
            double v = p.get("value").number();
            if (hasRange && v >= s.rangeMin() && v <= s.rangeMax()) {
                throw p.get("value").error(v + " is inside the range of " + s.tag() + " [" + s.rangeMin() + ", " + s.rangeMax() + "]");
            }
            return new PointShape.OutOfRange(v);
        }
        if (!hasRange) throw p.error("tag " + s.tag() + " has no configured range: give 'value'");
        double span = s.rangeMax() - s.rangeMin();
        return new PointShape.OutOfRange(side.equals("high") ? s.rangeMax() + OUT_OF_RANGE_MARGIN * span : s.rangeMin() - OUT_OF_RANGE_MARGIN * span);
    }

    private static GarbageIncident garbage(ConfigNode p, String field, String id, String site, String device, long at) {
        p.requireObject().rejectUnknown(Set.of("payload", "raw"));
        if (p.has("raw") == p.has("payload")) throw p.error("give either 'payload' (a kind of garbage) or 'raw' (the bytes to send)");
        if (p.has("raw")) return new GarbageIncident(id, field, site, device, at, null, p.get("raw").string());
        String kind = p.get("payload").string();
        GarbageKind k = GarbageKind.fromWireName(kind);
        if (k == null) {
            throw p.get("payload").error("must be one of " + String.join(", ",
                    Arrays.stream(GarbageKind.values()).map(GarbageKind::wireName).toList()) + ", got '" + kind + "'");
        }
        return new GarbageIncident(id, field, site, device, at, k, null);
    }

    private static long length(ConfigNode n) {
        long length = n.get("for").duration().toMillis();
        if (length <= 0) throw n.get("for").error("must be positive");
        return length;
    }
}
