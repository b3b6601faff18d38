package io.hazardgate.config.uplink;

import java.nio.file.Path;

/**
 * Key material of one uplink, read from its key file. Never printed: {@link #toString()} names the file
 * and which keys are present, nothing else.
 *
 * @param appKey   the identity the platform issued (sent in clear in a header), empty when none
 * @param secret   the HMAC key requests are signed with, empty when requests are not signed
 * @param sm4Key   the 16-byte SM4 key payloads are encrypted with, empty when they are not
 * @param username MQTT user name, empty when none
 * @param password MQTT password, empty when none
 */
public record UplinkKeys(Path file, String appKey, byte[] secret, byte[] sm4Key, String username, char[] password) {
    public static final UplinkKeys NONE = new UplinkKeys(null, "", new byte[0], new byte[0], "", new char[0]);

    public boolean signs() { return secret.length > 0; }

    public boolean encrypts() { return sm4Key.length > 0; }

    @Override
    public String toString() {
        return "UplinkKeys[" + (file == null ? "none" : file) + (signs() ? ", secret" : "") + (encrypts() ? ", sm4Key" : "")
                + (password.length > 0 ? ", password" : "") + "]";
    }
}
