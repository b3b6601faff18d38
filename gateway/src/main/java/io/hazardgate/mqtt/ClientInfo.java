package io.hazardgate.mqtt;

import io.hazardgate.mqtt.auth.Principal;

import java.net.SocketAddress;

/**
 * Who sent a message: enough for ingest to check ownership and report errors, nothing of Netty.
 *
 * @param protocolVersion 4 for MQTT 3.1.1, 5 for MQTT 5.0
 * @param principal       the authenticated identity with its role, site and device
 */
public record ClientInfo(String clientId, String username, SocketAddress remoteAddress, int protocolVersion,
        Principal principal) {

    /** An anonymous client, as before authentication existed. */
    public ClientInfo(String clientId, String username, SocketAddress remoteAddress, int protocolVersion) {
        this(clientId, username, remoteAddress, protocolVersion, Principal.ANONYMOUS);
    }
}
