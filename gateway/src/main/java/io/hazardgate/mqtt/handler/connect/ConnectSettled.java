package io.hazardgate.mqtt.handler.connect;

/**
 * Fired through the pipeline once a CONNECT is accepted, so the dispatcher handles the packets the
 * client sent right behind it while its credentials were being checked.
 */
public enum ConnectSettled {
    INSTANCE
}
