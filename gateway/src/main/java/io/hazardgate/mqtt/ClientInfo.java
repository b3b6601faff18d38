package io.hazardgate.mqtt;

import java.net.SocketAddress;

/**
 * Who sent a message: enough for ingest to check ownership and report errors, nothing of Netty.
 *
 * @param protocolVersion 4 for MQTT 3.1.1, 5 for MQTT 5.0
 */
public record ClientInfo(String clientId, String username, SocketAddress remoteAddress, int protocolVersion) {}
