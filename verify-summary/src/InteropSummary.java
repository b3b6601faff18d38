import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints one line: which interop suites (tests that start Debian programs) ran in this build and which
 * were skipped, with the package that would have let them run. Reads the records the test guard wrote
 * ({@code target/interop-suites.tsv} per module: build stamp, outcome, suite, reason) and keeps this
 * build's lines only. Exits 1 under {@code CI=true} when a suite did not run.
 *
 * <p>Usage: {@code java InteropSummary.java BUILD_STAMP RECORD_FILE...}
 */
public final class InteropSummary {
    public static void main(String[] args) throws IOException {
        String build = args[0];
        Map<String, String[]> suites = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            Path file = Path.of(args[i]);
            if (!Files.exists(file)) continue;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (f.length == 4 && f[0].equals(build)) suites.put(f[2], f);
            }
        }
        List<String> ran = new ArrayList<>();
        // Suites that did not run, grouped by why (the missing program and the package to install).
        Map<String, List<String>> notRun = new LinkedHashMap<>();
        for (String[] f : suites.values()) {
            if (f[1].equals("ran")) ran.add(f[2]);
            else notRun.computeIfAbsent(f[1] + ", " + f[3], k -> new ArrayList<>()).add(f[2]);
        }
        int notRunCount = notRun.values().stream().mapToInt(List::size).sum();
        StringBuilder line = new StringBuilder("Interop suites: ").append(ran.size()).append(" ran");
        if (!ran.isEmpty()) line.append(" (").append(String.join(", ", ran)).append(")");
        line.append("; ").append(notRunCount).append(" not run");
        notRun.forEach((why, names) -> line.append(" [").append(why).append(": ").append(String.join(", ", names)).append("]"));
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (notRunCount > 0 && !ci) line.append(". The rest of the suite ran in full; installing the packages named runs these too.");
        System.out.println(line);
        if (ci && notRunCount > 0) {
            System.out.println("CI=true: every interop suite must run here (.ci/run installs their packages).");
            System.exit(1);
        }
    }
}
