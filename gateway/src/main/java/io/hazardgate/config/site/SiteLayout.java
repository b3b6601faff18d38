package io.hazardgate.config.site;

import java.util.Map;

/**
 * A site's plant layout for the control room: a background picture (a drawing of the plant, an aerial
 * photo) and where each point sits on it, in per cent of the picture's width and height from its top
 * left corner. The picture is read once, when the site file is loaded, from beside the site file, and
 * served from memory with a content type fixed by its kind (docs/site-file.md, "layout").
 *
 * @param fileName    the picture's name as the site file gives it, for messages
 * @param contentType {@code image/svg+xml}, {@code image/png}, {@code image/jpeg} or {@code image/webp}
 * @param points      tag → {x, y} in per cent
 */
public record SiteLayout(String fileName, String contentType, byte[] image, Map<String, double[]> points) {
    public SiteLayout {
        image = image.clone();
        points = Map.copyOf(points);
    }

    @Override
    public byte[] image() { return image.clone(); }

    public boolean isSvg() { return contentType.equals("image/svg+xml"); }
}
