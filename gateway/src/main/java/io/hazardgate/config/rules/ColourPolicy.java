package io.hazardgate.config.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which warning colour each process alarm limit shows: the site's policy, not a standard's. GB/T 50493
 * and GB 50074 give alarm levels (level-1 and level-2 gas alarms, H and HH), not colours; the four
 * colours are those of risk supervision, and mapping one to the other is a choice the enterprise makes
 * and documents. Tailings warnings are not here: their colours are GB 39496's own.
 *
 * @param levels limit name → level (1 blue … 4 red)
 */
public record ColourPolicy(Map<String, Integer> levels) {
    /** The defaults (docs/alarms.md, "Colour policy"). */
    public static final ColourPolicy DEFAULT = new ColourPolicy(defaults());

    /** Pairs that must keep their order: the second is the more severe limit of the same alarm. */
    public static final List<List<String>> ORDERED = List.of(List.of("L1", "L2"), List.of("H", "HH"), List.of("L", "LL"),
            List.of("bypassed", "maxBypass"));

    public ColourPolicy {
        levels = Map.copyOf(levels);
    }

    /** The level of limit {@code name}; {@code dflt} when the policy does not name it. */
    public int level(String name, int dflt) {
        Integer l = levels.get(name);
        return l == null ? dflt : l;
    }

    /** The default level of every limit the policy names. */
    public static Map<String, Integer> defaults() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("L1", 3);
        m.put("L2", 4);
        m.put("under", 3);
        m.put("over", 3);
        m.put("H", 2);
        m.put("HH", 4);
        m.put("L", 2);
        m.put("LL", 4);
        m.put("tripped", 4);
        m.put("bypassed", 2);
        m.put("maxBypass", 3);
        m.put("position", 2);
        return m;
    }
}
