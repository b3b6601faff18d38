package io.hazardgate.simulator.mqtt;

/** The broker could not be reached or refused us; the message names the broker and Paho's reason. */
public final class BrokerException extends RuntimeException {
    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
