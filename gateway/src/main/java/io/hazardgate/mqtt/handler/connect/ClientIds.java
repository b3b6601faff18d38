package io.hazardgate.mqtt.handler.connect;

import java.security.SecureRandom;

/**
 * Client identifiers the server assigns to clients that connect with an empty one (MQTT 3.1.1
 * §3.1.3-6, MQTT 5 §3.1.3.1). Random, so they neither collide nor let one client guess another's.
 */
final class ClientIds {
    private static final String PREFIX = "hg-";
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientIds() {}

    /** 3 + 20 characters from [0-9a-z]: within the 23 every server must accept (§3.1.3-5). */
    static String assign() {
        char[] id = new char[PREFIX.length() + 20];
        PREFIX.getChars(0, PREFIX.length(), id, 0);
        for (int i = PREFIX.length(); i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
