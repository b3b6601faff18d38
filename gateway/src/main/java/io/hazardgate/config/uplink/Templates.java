package io.hazardgate.config.uplink;

import java.util.Map;

/**
 * The payload templates of one uplink: a body per message kind and the value maps they use
 * ({@code maps: {colour: {red: 1, orange: 2, ...}}}).
 */
public record Templates(Map<MessageKind, TemplateNode> bodies, Map<String, Map<String, Object>> maps) {
    public Templates {
        bodies = Map.copyOf(bodies);
        maps = Map.copyOf(maps);
    }

    public TemplateNode body(MessageKind kind) { return bodies.get(kind); }
}
