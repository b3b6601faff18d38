package io.hazardgate.api.view;

import io.hazardgate.alarm.RiskChange;
import io.hazardgate.api.http.Json;

/** A colour change as the stream and the API show it: the same fields as {@code risk/{site}/{source}}. */
public final class RiskJson {
    private RiskJson() {}

    public static String encode(RiskChange r) {
        return "{\"site\":\"" + Json.escape(r.site()) + "\",\"source\":\"" + Json.escape(r.source().id())
                + "\",\"name\":\"" + Json.escape(r.source().name()) + "\",\"kind\":\""
                + r.source().kind().name().toLowerCase(java.util.Locale.ROOT) + "\",\"grade\":" + r.source().grade()
                + ",\"colour\":\"" + r.colour().wireName() + "\",\"level\":" + r.colour().level()
                + ",\"activeAlarms\":" + r.activeAlarms() + ",\"ts\":" + r.ts() + "}";
    }
}
