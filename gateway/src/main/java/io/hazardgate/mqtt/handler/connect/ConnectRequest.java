package io.hazardgate.mqtt.handler.connect;

import io.hazardgate.mqtt.broker.Will;

/**
 * A CONNECT that passed its checks, waiting for its credentials to be decided.
 *
 * @param assignedId        true when the server made the client id up (MQTT 5 tells the client)
 * @param expirySeconds     the session expiry: the MQTT 5 property, or 0 for an MQTT 3.1.1 clean session,
 *                          never more than the server's maximum
 * @param expiryLowered     an MQTT 5 client asked for more than the maximum: the CONNACK says what it got
 * @param will              null for none
 * @param topicAliasMaximum the client's Topic Alias Maximum, 0 when it takes none
 */
record ConnectRequest(
        int version,
        String clientId,
        boolean assignedId,
        boolean cleanStart,
        long expirySeconds,
        boolean expiryLowered,
        Will will,
        int receiveMaximum,
        long maxPacketSize,
        int topicAliasMaximum,
        boolean problemInformation,
        int keepAliveSeconds,
        String username) {

    boolean isMqtt5() { return version == 5; }
}
