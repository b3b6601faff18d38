package io.hazardgate.uplink.feed;

import io.hazardgate.config.site.Equipment;
import io.hazardgate.config.site.Site;
import io.hazardgate.config.uplink.MessageKind;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmState;
import io.hazardgate.uplink.template.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The values of the names in {@link io.hazardgate.config.uplink.TemplateVariables}: what each level of
 * a message offers its template.
 */
public final class Values {
    private Values() {}

    /** Several levels offered as one: the first that has a name answers. */
    public static Context chain(Context... levels) {
        return new Context() {
            @Override
            public Object value(String name) {
                for (Context c : levels) {
                    Object v = c.value(name);
                    if (v != ABSENT) return v;
                }
                return ABSENT;
            }

            @Override
            public List<? extends Context> collection(String name) {
                for (Context c : levels) {
                    List<? extends Context> l = c.collection(name);
                    if (!l.isEmpty()) return l;
                }
                return List.of();
            }
        };
    }

    /** Fixed values and collections. */
    public static Context of(Map<String, Object> values, Map<String, List<? extends Context>> collections) {
        return new Context() {
            @Override
            public Object value(String name) { return values.containsKey(name) ? values.get(name) : ABSENT; }

            @Override
            public List<? extends Context> collection(String name) { return collections.getOrDefault(name, List.of()); }
        };
    }

    /** {@code message.*}, {@code uplink.name}, {@code enterprise.*} and {@code site.*}. */
    public static Context message(String uplink, MessageKind kind, String id, boolean backfill, Instant sentAt, int count,
                                  Site site) {
        return name -> switch (name) {
            case "message.id" -> id;
            case "message.kind" -> kind.wireName();
            case "message.backfill" -> backfill;
            case "message.sentAt" -> sentAt;
            case "message.count" -> count;
            case "uplink.name" -> uplink;
            case "enterprise.code" -> site.codes().enterprise().code();
            case "enterprise.name" -> site.codes().enterprise().name();
            case "enterprise.creditCode" -> site.codes().enterprise().creditCode();
            case "enterprise.region" -> site.codes().enterprise().region();
            case "site.id" -> site.id();
            case "site.name" -> site.name();
            default -> Context.ABSENT;
        };
    }

    /** {@code point.*}, {@code source.*}, {@code equipment.*} and {@code device.id} of a reported point. */
    public static Object point(PointInfo p, String name) {
        Equipment eq = p.equipment();
        return switch (name) {
            case "point.code" -> p.code();
            case "point.tag" -> p.sensor().tag();
            case "point.name" -> p.sensor().name();
            case "point.unit" -> p.unit();
            case "point.type" -> p.sensor().type().wireName();
            case "source.code" -> p.sourceCode();
            case "source.id" -> p.sensor().source();
            case "source.name" -> p.source() == null ? "" : p.source().name();
            case "equipment.code" -> eq == null ? "" : eq.code();
            case "equipment.id" -> eq == null ? "" : eq.id();
            case "equipment.name" -> eq == null ? "" : eq.name();
            case "device.id" -> p.sensor().device();
            default -> Context.ABSENT;
        };
    }

    /** One reading of a real-time or history message. */
    public record Reading(PointInfo point, double value, long ts, long receivedAt, String quality, boolean backfill)
            implements Context {
        @Override
        public Object value(String name) {
            return switch (name) {
                case "value" -> value;
                case "time" -> Instant.ofEpochMilli(ts);
                case "receivedAt" -> Instant.ofEpochMilli(receivedAt);
                case "quality" -> quality;
                case "backfill" -> backfill;
                default -> Values.point(point, name);
            };
        }
    }

    /** The readings of a real-time or history message. */
    public static Context readings(List<Reading> readings) {
        return Values.of(Map.of(), Map.of("readings", readings));
    }

    /** {@code alarm.*} and the point's names of an alarm or clearance message. */
    public static Context alarm(AlarmEvent e, PointInfo p) {
        return name -> switch (name) {
            case "alarm.id" -> e.id();
            case "alarm.seq" -> e.seq();
            case "alarm.state" -> e.state().wireName();
            case "alarm.clearance" -> e.state() == AlarmState.CLEARED;
            case "alarm.kind" -> e.kind().wireName();
            case "alarm.rule" -> e.rule();
            case "alarm.limitName" -> e.limitName();
            case "alarm.level" -> e.level();
            case "alarm.colour" -> e.colour().wireName();
            case "alarm.value" -> e.value();
            case "alarm.limit" -> e.limit();
            case "alarm.unit" -> e.unit();
            case "alarm.time" -> Instant.ofEpochMilli(e.eventTs());
            case "alarm.raisedAt" -> Instant.ofEpochMilli(e.raisedTs());
            case "alarm.readingTime" -> Instant.ofEpochMilli(e.readingTs());
            case "alarm.message" -> e.message();
            default -> point(p, name);
        };
    }
}
