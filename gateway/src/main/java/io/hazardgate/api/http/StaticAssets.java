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
        for (String name : names) add("/" + name, root + "/" + name);
        HttpResponseSpec index = files.get("/index.html");
        if (index != null) files.put("/", index);
    }

    /** Serves class-path resource {@code resource} at {@code path}, with the content type of its extension. */
    public StaticAssets add(String path, String resource) {
        try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing dashboard asset " + resource);
            String ext = resource.substring(resource.lastIndexOf('.') + 1);
            files.put(path, new HttpResponseSpec(200, TYPES.getOrDefault(ext, "application/octet-stream"),
                    in.readAllBytes()).withHeader("Cache-Control", "no-cache"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The version of a WebJar on the class path ({@code org.webjars.npm:echarts}), from its Maven
     * properties, so that its files are found whatever version the build brought.
     */
    public static String webJarVersion(String groupId, String artifactId) {
        String props = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(props)) {
            if (in == null) throw new IllegalStateException("missing " + props + ": the " + artifactId + " WebJar is not on the class path");
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponseSpec find(String path) { return files.get(path); }
}
