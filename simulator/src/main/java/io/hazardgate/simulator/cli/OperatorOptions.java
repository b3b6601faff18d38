package io.hazardgate.simulator.cli;

import io.hazardgate.simulator.operator.OperatorSettings;

/** The operator options of the modes that acknowledge alarms: {@code --http URL --operator USER:PASSWORD}. */
public final class OperatorOptions {
    private OperatorOptions() {}

    /** @param defaultHttp the gateway's HTTP listener when {@code --http} is not given */
    public static OperatorSettings parse(Options o, String defaultHttp) {
        try {
            return OperatorSettings.parse(o.string("http", defaultHttp), o.string("operator", OperatorSettings.DEMO_OPERATOR));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
