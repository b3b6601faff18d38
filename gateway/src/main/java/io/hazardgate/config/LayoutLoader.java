package io.hazardgate.config;

import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.SiteLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a site's {@code layout}: a picture beside the site file and where each point sits on it. The
 * picture is served to every browser of the control room, so it is held to what a picture is: a file
 * in the site file's own directory (or below it; no {@code ..}, no absolute path, no link leading
 * out), of a kind named by its extension and confirmed by its first bytes, at most
 * {@link #MAX_IMAGE_BYTES}.
 */
final class LayoutLoader {
    /** Largest layout picture: a detailed plant drawing fits; a browser never loads a huge file from us. */
    static final int MAX_IMAGE_BYTES = 2 << 20;
    private static final Map<String, String> TYPES = Map.of("svg", "image/svg+xml", "png", "image/png", "jpg", "image/jpeg",
            "jpeg", "image/jpeg", "webp", "image/webp");

    private LayoutLoader() {}

    static SiteLayout load(ConfigNode n, Path siteDir, Map<String, Sensor> sensors) {
        if (n.isMissing()) return null;
        n.requireObject();
        n.rejectUnknown(Set.of("image", "points"));
        ConfigNode imageNode = n.get("image");
        String name = imageNode.string();
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
        if (type == null) throw imageNode.error("must be an .svg, .png, .jpg or .webp file, got '" + name + "'");
        byte[] bytes = read(imageNode, siteDir, name);
        if (!looksLike(type, bytes)) throw imageNode.error("'" + name + "' is not a " + type + " file (its content does not match its extension)");

        Map<String, double[]> points = new LinkedHashMap<>();
        for (String tag : n.get("points").fieldNames()) {
            ConfigNode p = n.get("points").get(tag);
            if (!sensors.containsKey(tag)) throw p.error("unknown tag '" + tag + "'");
            List<ConfigNode> xy = p.elements();
            if (xy.size() != 2) throw p.error("must be [x, y] in per cent of the picture's width and height");
            double x = xy.get(0).number();
            double y = xy.get(1).number();
            if (x < 0 || x > 100 || y < 0 || y > 100) throw p.error("must lie on the picture: x and y between 0 and 100 (per cent), got [" + x + ", " + y + "]");
            points.put(tag, new double[] {x, y});
        }
        return new SiteLayout(name, type, bytes, points);
    }

    /** The picture, only from the site file's directory or below, through no link that leads out of it. */
    private static byte[] read(ConfigNode n, Path siteDir, String name) {
        Path rel;
        try {
            rel = Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw n.error("'" + name + "' is not a valid file name");
        }
        if (rel.isAbsolute() || name.startsWith("/") || name.startsWith("\\") || rel.normalize().startsWith("..")
                || name.contains("..")) {
            throw n.error("must name a file in the site file's directory or below it (no absolute path, no '..'), got '" + name + "'");
        }
        Path dir = siteDir.toAbsolutePath().normalize();
        Path file = dir.resolve(rel).normalize();
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(dir.toRealPath())) {
                throw n.error("'" + name + "' leads out of the site file's directory (through a link): copy the picture beside the site file");
            }
            if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) throw n.error("'" + name + "' is not a regular file");
            long size = Files.size(real);
            if (size > MAX_IMAGE_BYTES) {
                throw n.error("'" + name + "' is " + size + " bytes; a layout picture may have at most " + MAX_IMAGE_BYTES
                        + " (2 MB): scale it down or save it as SVG");
            }
            return Files.readAllBytes(real);
        } catch (java.nio.file.NoSuchFileException e) {
            throw n.error("file not found: " + file);
        } catch (IOException e) {
            throw n.error("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static boolean looksLike(String type, byte[] b) {
        return switch (type) {
            case "image/png" -> b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
            case "image/jpeg" -> b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8;
            case "image/webp" -> b.length > 12 && new String(b, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")
                    && new String(b, 8, 4, StandardCharsets.US_ASCII).equals("WEBP");
            default -> new String(b, 0, Math.min(b.length, 4096), StandardCharsets.UTF_8).contains("<svg");
        };
    }
}
