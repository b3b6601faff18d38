package io.hazardgate.simulator.load;

import io.hazardgate.simulator.cli.Durations;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;

/**
 * Writes the site file of a load run in the gateway's site format: every device and point that
 * {@code load} with the same naming will send, each point a generic 0..100 sensor with one high limit
 * at {@value #LIMIT} (level 2). Load values stay below {@value PayloadTemplate#MAX_VALUE}, so a load run
 * exercises the alarm engine's evaluation without raising alarms. Flapping suppression and escalation
 * of unacknowledged alarms are off: an alarm-latency run ({@code --alarm-every}) raises and clears the
 * same few points again and again, and each of its triggers must raise an alarm of its own.
 */
public final class LoadSiteWriter {
    static final double LIMIT = 90;

    private LoadSiteWriter() {}

    /**
     * @param period each point's acquisition period: the gateway judges "no data" against it, so it
     *               must be longer than the time between two messages of one device in the load run
     */
    public static void write(Writer w, LoadNaming naming, int devices, int sensorsPerDevice, Duration period)
            throws IOException {
        if (devices < 1 || devices > LoadNaming.MAX_DEVICES) throw new IllegalArgumentException("devices must be 1.." + LoadNaming.MAX_DEVICES);
        if (sensorsPerDevice < 1 || sensorsPerDevice > LoadNaming.MAX_SENSORS_PER_DEVICE) {
            throw new IllegalArgumentException("sensors per device must be 1.." + LoadNaming.MAX_SENSORS_PER_DEVICE);
        }
        if (period.isZero() || period.isNegative()) throw new IllegalArgumentException("period must be positive");
        String periodText = Durations.format(period);
        w.write("# Load-test site: " + devices + " devices x " + sensorsPerDevice + " points, as sent by\n");
        w.write("#   load --site " + naming.site() + " --tag-prefix " + naming.tagPrefix() + " --devices " + devices
                + " --sensors-per-device " + sensorsPerDevice + "\n");
        w.write("site: " + naming.site() + "\n");
        w.write("name: Load test site\n\n");
        w.write("# Alarm-latency runs raise and clear the same points over and over: that is the measurement, not chattering.\n");
        w.write("defaults: {flapping: off, escalation: off}\n\n");
        w.write("hazardSources:\n");
        w.write("  - {id: " + LoadNaming.SOURCE + ", name: Load test points, kind: major_hazard, grade: 4}\n\n");
        w.write("devices:\n");
        for (int d = 0; d < devices; d++) w.write("  - {id: " + naming.device(d) + "}\n");
        w.write("\nsensors:\n");
        for (int d = 0; d < devices; d++) {
            String device = naming.device(d);
            for (int s = 0; s < sensorsPerDevice; s++) {
                w.write("  - {tag: " + naming.tag(d, s) + ", source: " + LoadNaming.SOURCE + ", device: " + device
                        + ", type: generic, period: " + periodText + ", range: [0, 100],"
                        + " thresholds: [{name: H, direction: high, level: 2, value: " + (int) LIMIT + "}]}\n");
            }
        }
    }
}
