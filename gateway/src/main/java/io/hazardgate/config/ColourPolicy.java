package io.hazardgate.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
    private static final List<String[]> ORDERED = List.of(new String[] {"L1", "L2"}, new String[] {"H", "HH"},
            new String[] {"L", "LL"}, new String[] {"bypassed", "maxBypass"});

    public ColourPolicy {
        levels = Map.copyOf(levels);
    }

    /** The level of limit {@code name}; {@code dflt} when the policy does not name it. */
    public int level(String name, int dflt) {
        Integer l = levels.get(name);
        return l == null ? dflt : l;
    }

    private static Map<String, Integer> defaults() {
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

    /** The site file's {@code colourPolicy}: {@code {L1: orange, H: yellow, ...}} over the defaults. */
    static ColourPolicy load(ConfigNode n) {
        if (n.isMissing()) return DEFAULT;
        n.requireObject();
        Set<String> names = DEFAULT.levels.keySet();
        n.rejectUnknown(names);
        Map<String, Integer> m = new LinkedHashMap<>(defaults());
        for (Map.Entry<String, ConfigNode> e : n.entries()) {
            String text = e.getValue().string().toLowerCase(Locale.ROOT);
            RiskColour c = RiskColour.warning(text);
            if (c == null) throw e.getValue().error("must be blue, yellow, orange or red, got '" + text + "'");
            m.put(e.getKey(), c.level());
        }
        for (String[] pair : ORDERED) {
            if (m.get(pair[1]) <= m.get(pair[0])) {
                throw n.get(pair[1]).error(pair[1] + " must show a more severe colour than " + pair[0] + " ("
                        + RiskColour.ofLevel(m.get(pair[0])).wireName() + "): it is the further limit of the same alarm");
            }
        }
        return new ColourPolicy(m);
    }
}
