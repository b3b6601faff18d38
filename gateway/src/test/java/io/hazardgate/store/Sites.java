package io.hazardgate.store;

import io.hazardgate.config.rules.SensorType;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Small site configurations for store tests. */
public final class Sites {
    private Sites() {}

    static Sensor sensor(String tag, String source, SensorType type, String unit) {
        return new Sensor(tag, tag, source, "dtu-1", type, unit, Duration.ofSeconds(10), Double.NaN, Double.NaN,
                List.of(), false);
    }

    /** The demo tank farm's gas detector and tank level. */
    public static Site demo() {
        return new Site("demo", "Demo plant", List.of(), List.of(), List.of(
                sensor("GT-101", "TF1", SensorType.COMBUSTIBLE_GAS, "%LEL"),
                sensor("LT-101", "TF1", SensorType.TANK_LEVEL, "m")));
    }

    /** A site with {@code n} generic sensors {@code S-0 .. S-(n-1)}. */
    public static Site many(String id, int n) {
        List<Sensor> sensors = new ArrayList<>();
        for (int i = 0; i < n; i++) sensors.add(sensor("S-" + i, "SRC" + (i % 10), SensorType.GENERIC, "u"));
        return new Site(id, id, List.of(), List.of(), sensors);
    }

    public static String[] tags(int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) out[i] = "S-" + i;
        return out;
    }
}
