package io.hazardgate.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hazardgate.alarm.delivery.RiskBoard;
import io.hazardgate.alarm.delivery.RiskState;
import io.hazardgate.alarm.delivery.TailingsItems;
import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmKind;
import io.hazardgate.record.AlarmState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GB 39496-2020 §5.5.4: 4 points at blue make the item yellow, 3 at yellow orange, 2 at orange red; and
 * across the dam's items the same counts: 4 items at blue count as one at yellow, and so on.
 */
class TailingsItemEscalationTest {
    @ParameterizedTest(name = "point levels {0} -> item {1}")
    @CsvSource(delimiter = '|', value = {
        "''          | green",
        "1           | blue",
        "1 1 1       | blue",
        "1 1 1 1     | yellow",
        "2 2         | yellow",
        "2 2 2       | orange",
        "1 2 2 1     | yellow",   // 4 at blue or above
        "2 2 1 3     | orange",   // 3 at yellow or above
        "3           | orange",
        "3 3         | red",
        "3 4         | red",
        "1 1 1 1 1 1 | yellow",
    })
    void itemColour(String pointLevels, String expected) {
        int[] atLeast = new int[4];
        for (String p : pointLevels.isBlank() ? new String[0] : pointLevels.trim().split(" ")) {
            for (int k = 1; k <= Integer.parseInt(p); k++) atLeast[k - 1]++;
        }
        assertEquals(expected, TailingsItems.itemColour(atLeast).wireName());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "four displacement points at blue make the dam yellow | G1:1 G2:1 G3:1 G4:1      | yellow | 4 surface_displacement points at blue or above (GB 39496 §5.5.4)",
        "items of different types do not add up            | G1:1 G2:1 G3:1 PZ1:1      | blue   | highest active alarm is blue",
        "two orange points make the dam red                | G1:3 G2:3                 | red    | 2 surface_displacement points at orange or above (GB 39496 §5.5.4)",
        "two alarms of one point count once                | G1:3 G1r:3                | orange | highest active alarm is orange",
        "surface, internal and landslide displacement are three items | G1:1 G2:1 IN1:1 LS1:1 | blue | highest active alarm is blue",
        "four items at blue make the dam yellow            | G1:1 IN1:1 LS1:1 PZ1:1    | yellow | 4 monitoring items at blue or above make the dam yellow (GB 39496 §5.5.4)",
        "three items at yellow make the dam orange         | G1:2 PZ1:2 WL1:2          | orange | 3 monitoring items at yellow or above make the dam orange (GB 39496 §5.5.4)",
        "two items at orange make the dam red              | G1:3 RG1:3                | red    | 2 monitoring items at orange or above make the dam red (GB 39496 §5.5.4)",
        "an item escalated by its points counts at its colour | G1:1 G2:1 G3:1 G4:1 PZ1:2 WL1:2 | orange | 3 monitoring items at yellow or above make the dam orange (GB 39496 §5.5.4)",
        "three items at blue stay blue                     | G1:1 PZ1:1 WL1:1          | blue   | highest active alarm is blue",
    })
    void aDamTakesItsHighestItemColour(String name, String alarms, String colour, String cause) {
        Site site = Harness.site("""
                site: s
                hazardSources: [{id: D, kind: tailings_dam}, {id: T, kind: major_hazard}]
                sensors:
                  - {tag: G1, source: D, type: surface_displacement, limits: {blue: 1, red: 9}}
                  - {tag: G2, source: D, type: surface_displacement, limits: {blue: 1, red: 9}}
                  - {tag: G3, source: D, type: surface_displacement, limits: {blue: 1, red: 9}}
                  - {tag: G4, source: D, type: surface_displacement, limits: {blue: 1, red: 9}}
                  - {tag: PZ1, source: D, type: phreatic_line, limits: {red: 1}}
                  - {tag: IN1, source: D, type: internal_displacement, limits: {blue: 1}}
                  - {tag: LS1, source: D, type: landslide_displacement, limits: {blue: 1}}
                  - {tag: WL1, source: D, type: water_level, limits: {blue: 1}}
                  - {tag: RG1, source: D, type: rainfall, limits: {blue: 1}}
                """);
        RiskBoard board = new RiskBoard(List.of(site));
        RiskState last = null;
        int n = 0;
        for (String a : alarms.trim().split(" ")) {
            String[] p = a.split(":");
            String tag = p[0].endsWith("r") ? p[0].substring(0, p[0].length() - 1) : p[0];
            String rule = p[0].endsWith("r") ? "rate" : "high";
            AlarmEvent e = new AlarmEvent("s:" + tag + ":" + rule + ":" + (++n), 1, "s", "D", tag, rule, "x",
                    AlarmKind.THRESHOLD, Integer.parseInt(p[1]), AlarmState.RAISED, 1, 1, "mm", 0, 0, "");
            RiskState r = board.apply(e);
            if (r != null) last = r;
        }
        assertEquals(colour, last.colour().wireName());
        assertEquals(cause, last.cause());
    }

    @org.junit.jupiter.api.Test
    void faultsAndNoDataNeverColourAHazardSource() {
        Site site = Harness.site("site: s\nhazardSources: [{id: T}]\nsensors: [{tag: GT, source: T, type: combustible_gas}]\n");
        RiskBoard board = new RiskBoard(List.of(site));
        List<RiskState> changes = new ArrayList<>();
        for (AlarmKind k : new AlarmKind[] {AlarmKind.FAULT, AlarmKind.NO_DATA}) {
            RiskState r = board.apply(new AlarmEvent("s:GT:x:1", 1, "s", "T", "GT", "x", "x", k, 0, AlarmState.RAISED, 1, 1, "", 0, 0, ""));
            if (r != null) changes.add(r);
        }
        assertEquals(List.of(), changes);
        assertEquals(RiskColour.GREEN, board.all().get(0).colour());
        assertNull(board.apply(new AlarmEvent("x:GT:high:1", 1, "x", "T", "GT", "high", "L1", AlarmKind.THRESHOLD, 3,
                AlarmState.RAISED, 1, 1, "", 0, 0, "")), "an unknown site changes nothing");
    }
}
