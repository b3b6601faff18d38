package io.hazardgate.simulator.load;

import io.hazardgate.simulator.cli.Options;
import io.hazardgate.simulator.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** {@code gen-load-config}: the gateway site file declaring every device and tag a load run sends. */
public final class GenLoadConfigCommand {
    public static final String USAGE = """
            gen-load-config --devices N --sensors-per-device M --out FILE [--site ID] [--tag-prefix P] [--period D]
              Writes a site file in the gateway's format with devices d00001..dN and tags {P}00001-001..,
              each a generic 0..100 point with a high limit at 90 (load values stay below 50). List it under
              'sites:' in the gateway config. --period (default 60s) must exceed the time between two
              messages of one device in the load run, or the gateway reports missing data.
              Defaults: site load, prefix L.""";

    private GenLoadConfigCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o = Options.parse("gen-load-config", args, Set.of("devices", "sensors-per-device", "out", "site", "tag-prefix", "period"),
                Set.of());
        int devices = (int) o.integer("devices", -1, 1, LoadNaming.MAX_DEVICES);
        int sensors = (int) o.integer("sensors-per-device", -1, 1, LoadNaming.MAX_SENSORS_PER_DEVICE);
        if (devices < 0) throw new UsageException("gen-load-config: --devices is required");
        if (sensors < 0) throw new UsageException("gen-load-config: --sensors-per-device is required");
        Path file = Path.of(o.required("out"));
        Duration period = o.duration("period", Duration.ofSeconds(60));
        if (period.isZero()) throw new UsageException("gen-load-config: --period must be positive");
        LoadNaming naming;
        try {
            naming = new LoadNaming(o.string("site", LoadNaming.DEFAULT_SITE), o.string("tag-prefix", LoadNaming.DEFAULT_TAG_PREFIX));
        } catch (IllegalArgumentException e) {
            throw new UsageException("gen-load-config: " + e.getMessage());
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            LoadSiteWriter.write(w, naming, devices, sensors, period);
        } catch (IOException e) {
            err.println("gen-load-config: cannot write " + file + ": " + e.getMessage());
            return 1;
        }
        err.printf("gen-load-config: wrote site '%s' with %,d devices and %,d points to %s%n", naming.site(), devices,
                (long) devices * sensors, file);
        return 0;
    }
}
