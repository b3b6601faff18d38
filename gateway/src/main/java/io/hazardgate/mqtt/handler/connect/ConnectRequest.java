package io.hazardgate.mqtt.handler.connect;

import io.hazardgate.mqtt.broker.Will;

/**
 * A CONNECT that passed its checks, waiting for its credentials to be decided.
 *
 * @param assignedId        true when the server made the client id up (MQTT 5 tells the client)
 * @param expirySeconds     the session expiry: MQTT 5 property, or 0 / never for MQTT 3.1.1 clean session
 * @param will              null for none
 * @param topicAliasMaximum the client's Topic Alias Maximum, 0 when it takes none
 */
record ConnectRequest(
        int version,
        String clientId,
        boolean assignedId,
        boolean cleanStart,
        long expirySeconds,
        Will will,
        int receiveMaximum,
        long maxPacketSize,
        int topicAliasMaximum,
        boolean problemInformation,
        int keepAliveSeconds,
        String username) {

    boolean isMqtt5() { return version == 5; }
}
