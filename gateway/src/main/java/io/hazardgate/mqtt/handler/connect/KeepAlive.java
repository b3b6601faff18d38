package io.hazardgate.mqtt.handler.connect;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.concurrent.TimeUnit;

/**
 * Keep-alive enforcement: until CONNECT the connect timeout, then one and a half times the keep-alive
 * (MQTT 3.1.1 §3.1.2.10, MQTT 5 §3.1.2.10); 0 turns it off. The reader-idle timer counts whole
 * packets because it sits after the decoder, so a client trickling bytes cannot keep itself alive.
 */
public final class KeepAlive {
    /** Name of the idle handler in the pipeline. */
    public static final String HANDLER_NAME = "keepAlive";

    private KeepAlive() {}

    public static IdleStateHandler connectTimeout(long millis) {
        return new IdleStateHandler(millis, 0, 0, TimeUnit.MILLISECONDS);
    }

    static void apply(ChannelPipeline pipeline, int keepAliveSeconds) {
        if (keepAliveSeconds == 0) {
            pipeline.remove(HANDLER_NAME);
        } else {
            pipeline.replace(HANDLER_NAME, HANDLER_NAME,
                    new IdleStateHandler(keepAliveSeconds * 1500L, 0, 0, TimeUnit.MILLISECONDS));
        }
    }
}
