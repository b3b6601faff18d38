package io.hazardgate.cluster;

import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Which configuration of the plant a node runs: a digest of its site files (sites, sensors, rules), the
 * same on every node that has the same files whatever its ports or role. It tags every record ingest
 * produces and numbers the sensor index, so a record decoded under one generation is read by tag, not
 * by sensor id, on a node that runs another; nodes report it, and the alarm tier counts records of a
 * generation not its own.
 *
 * @param id     the first 12 hex digits of the SHA-256 of the site files, in configuration order
 * @param number the same digest as the sensor index's generation number (never 1, the single process's)
 */
public record ConfigGeneration(String id, int number) {
    public static ConfigGeneration of(GatewayConfig config) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : ConfigLoader.siteFiles(config.file())) {
                sha.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(f));
            }
            byte[] d = sha.digest();
            int n = ((d[0] & 0xff) << 24 | (d[1] & 0xff) << 16 | (d[2] & 0xff) << 8 | (d[3] & 0xff)) | 0x40000000;
            return new ConfigGeneration(HexFormat.of().formatHex(d, 0, 6), n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the site files of " + config.file() + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
