package io.hazardgate.config;

import io.hazardgate.config.rules.ColourPolicy;
import io.hazardgate.config.rules.RiskColour;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads a site file's {@code colourPolicy}: {@code {L1: orange, H: yellow, ...}} over the defaults. */
final class ColourPolicyLoader {
    private ColourPolicyLoader() {}

    static ColourPolicy load(ConfigNode n) {
        if (n.isMissing()) return ColourPolicy.DEFAULT;
        n.requireObject();
        n.rejectUnknown(ColourPolicy.DEFAULT.levels().keySet());
        Map<String, Integer> m = new LinkedHashMap<>(ColourPolicy.defaults());
        for (Map.Entry<String, ConfigNode> e : n.entries()) {
            String text = e.getValue().string().toLowerCase(Locale.ROOT);
            RiskColour c = RiskColour.warning(text);
            if (c == null) throw e.getValue().error("must be blue, yellow, orange or red, got '" + text + "'");
            m.put(e.getKey(), c.level());
        }
        for (List<String> pair : ColourPolicy.ORDERED) {
            if (m.get(pair.get(1)) <= m.get(pair.get(0))) {
                throw n.get(pair.get(1)).error(pair.get(1) + " must show a more severe colour than " + pair.get(0) + " ("
                        + RiskColour.ofLevel(m.get(pair.get(0))).wireName() + "): it is the further limit of the same alarm");
            }
        }
        return new ColourPolicy(m);
    }
}
