package io.hazardgate.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The dashboard's files, read once from the class path at start-up (no build step, no framework), and
 * served with a content type by extension. {@code /} is {@code index.html}.
 */
public final class StaticAssets {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "json", "application/json; charset=utf-8",
            "wav", "audio/wav", "png", "image/png", "ico", "image/x-icon");

    private final Map<String, HttpResponseSpec> files = new HashMap<>();

    /** Loads {@code names} from class-path folder {@code root}. */
    public StaticAssets(String root, String... names) {
        for (String name : names) {
            try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(root + "/" + name)) {
                if (in == null) throw new IllegalStateException("missing dashboard asset " + root + "/" + name);
                String ext = name.substring(name.lastIndexOf('.') + 1);
                files.put("/" + name, new HttpResponseSpec(200, TYPES.getOrDefault(ext, "application/octet-stream"),
                        in.readAllBytes()).withHeader("Cache-Control", "no-cache"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        HttpResponseSpec index = files.get("/index.html");
        if (index != null) files.put("/", index);
    }

    HttpResponseSpec find(String path) { return files.get(path); }
}
