package io.hazardgate.config;

import io.hazardgate.config.site.Names;
import java.util.Set;

/**
 * Reads a {@code name}: {@code {zh: 1号储罐区, en: Tank farm 1}}, or one string, which is split into its
 * languages where a Chinese part is followed by an English one ({@link Names#of}).
 */
final class NameLoader {
    private NameLoader() {}

    static Names load(ConfigNode n, String dflt) {
        if (n.isMissing()) return Names.of(dflt);
        if (!n.isObject()) return Names.of(n.string());
        n.rejectUnknown(Set.of("zh", "en"));
        String zh = n.get("zh").string("");
        String en = n.get("en").string("");
        if (zh.isEmpty() && en.isEmpty()) throw n.error("give the name in Chinese (zh), English (en) or both");
        return new Names(zh, en);
    }
}
