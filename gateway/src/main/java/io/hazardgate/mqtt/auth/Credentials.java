package io.hazardgate.mqtt.auth;

import java.net.InetAddress;

/**
 * What a CONNECT offers to prove who it is.
 *
 * @param username            the CONNECT user name, or null
 * @param password            the CONNECT password bytes (UTF-8), or null
 * @param certificateIdentity the identity taken from a verified client certificate, or null
 * @param address             the client's IP address
 * @param anonymousAllowed    whether the listener it came through accepts clients without credentials
 */
public record Credentials(String username, byte[] password, String certificateIdentity, InetAddress address,
        boolean anonymousAllowed) {}
