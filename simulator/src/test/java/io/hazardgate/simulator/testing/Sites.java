package io.hazardgate.simulator.testing;

import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.site.Site;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Site configurations for tests: the shipped demo plant, and sites written on the fly. */
public final class Sites {
    /** The demo plant the product ships, read by the gateway's own loader. */
    public static final Path DEMO_PLANT = Path.of("..", "config", "demo-plant.yaml");
    /** The scenarios the product ships. */
    public static final Path SCENARIOS = Path.of("..", "config", "scenarios");

    private Sites() {}

    public static Site demo() {
        return ConfigLoader.loadSite(DEMO_PLANT);
    }

    public static Site fromYaml(Path dir, String yaml) throws IOException {
        Path f = Files.createTempFile(dir, "site", ".yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.loadSite(f);
    }

    /** One sensor of every type, with its preset limits filled in where the standard leaves them open. */
    public static final String EVERY_TYPE = """
            site: all
            hazardSources:
              - {id: HS, kind: major_hazard}
              - {id: DAM, kind: tailings_dam, class: 4, design: {crestElevation: 112, minFreeboard: 0.5}}
            devices:
              - {id: rtu-1}
              - {id: rtu-2}
            sensors:
              - {tag: CG, source: HS, device: rtu-1, type: combustible_gas, range: [0, 100]}
              - {tag: TG, source: HS, device: rtu-1, type: toxic_gas, gas: H2S, unit: ppm, range: [0, 50]}
              - {tag: TM, source: HS, device: rtu-1, type: toxic_gas, gas: CO, unit: mg/m3, range: [0, 100]}
              - {tag: O2, source: HS, device: rtu-1, type: oxygen, range: [0, 25]}
              - {tag: LT, source: HS, device: rtu-1, type: tank_level, range: [0, 12], limits: {L: 1.5, LL: 0.8, H: 10, HH: 11}}
              - {tag: TT, source: HS, device: rtu-1, type: temperature, limits: {H: 40, HH: 50, L: -5, LL: -10}}
              - {tag: PT, source: HS, device: rtu-1, type: pressure, range: [0, 1.6], limits: {H: 1.0, HH: 1.2}}
              - {tag: PV, source: HS, device: rtu-1, type: pressure, unit: kPa, range: [-2, 10], limits: {H: 2, HH: 2.5, L: -0.25, LL: -0.4}}
              - {tag: FT, source: HS, device: rtu-1, type: flow, range: [0, 200], limits: {H: 150, HH: 180, L: 5}}
              - {tag: AT, source: HS, device: rtu-1, type: composition, range: [0, 25], limits: {H: 5, HH: 8}}
              - {tag: LT2, source: HS, device: rtu-1, type: tank_level, range: [0, 12], limits: {H: 10}}
              - {tag: LS, source: HS, device: rtu-1, type: level_switch, trips: HH, checks: LT2, setpoint: 11}
              - {tag: IS, source: HS, device: rtu-1, type: interlock}
              - {tag: BP, source: HS, device: rtu-1, type: bypass}
              - {tag: XO, source: HS, device: rtu-1, type: valve_position, expect: open}
              - {tag: XC, source: HS, device: rtu-1, type: valve_position, expect: closed}
              - {tag: DX, source: DAM, device: rtu-2, type: surface_displacement, period: 10m, limits: {blue: 10, yellow: 20, orange: 30, red: 40}}
              - {tag: IX, source: DAM, device: rtu-2, type: internal_displacement, period: 1h, range: [0, 100], baseline: 2.5, limits: {blue: 10, red: 40}}
              - {tag: LX, source: DAM, device: rtu-2, type: landslide_displacement, period: 1h, limits: {blue: 30, red: 100}}
              - {tag: PQ, source: DAM, device: rtu-2, type: phreatic_line, period: 10m, range: [0, 200], limits: {blue: 6, red: 3},
                 piezometer: {installElevation: 90, surfaceElevation: 101, input: kPa}}
              - {tag: FB, source: DAM, type: freeboard, from: WL, limits: {blue: 3}}
              - {tag: BS, source: DAM, device: rtu-2, type: beach_slope, period: 1h, range: [0, 10], limits: {blue: 0.8, red: 0.4}}
              - {tag: PP, source: DAM, device: rtu-2, type: pore_pressure, period: 1h, range: [0, 500], limits: {blue: 200, red: 300}}
              - {tag: TB, source: DAM, device: rtu-2, type: turbidity, period: 1h, range: [0, 1000], limits: {blue: 50, red: 300}}
              - {tag: PZ, source: DAM, device: rtu-2, type: phreatic_line, period: 10m, range: [0, 20], limits: {blue: 6, yellow: 5, red: 3}}
              - {tag: WL, source: DAM, device: rtu-2, type: water_level, period: 10m, range: [90, 110], limits: {blue: 104, yellow: 105, orange: 106, red: 107}}
              - {tag: DB, source: DAM, device: rtu-2, type: dry_beach, period: 10m, limits: {blue: 100, yellow: 80, orange: 70, red: 60}}
              - {tag: RG, source: DAM, device: rtu-2, type: rainfall, period: 10m, limits: {blue: 25, orange: 100, red: 250}}
              - {tag: SP, source: DAM, device: rtu-2, type: seepage, period: 10m, range: [0, 5], limits: {blue: 2, yellow: 3, orange: 4, red: 4.5}}
              - {tag: GX, source: HS, device: rtu-1, type: generic, range: [0, 10],
                 thresholds: [{name: H, direction: high, level: 2, value: 8}, {name: L, direction: low, level: 2, value: 1}]}
            """;
}
