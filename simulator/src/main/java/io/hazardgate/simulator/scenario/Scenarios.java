package io.hazardgate.simulator.scenario;

import io.hazardgate.simulator.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The scenarios shipped beside the configuration, {@code config/scenarios/NAME.yaml}: a bare name means
 * one of them, anything with a '/' or a {@code .yaml} ending is a path.
 */
public final class Scenarios {
    private Scenarios() {}

    /** The scenarios directory beside a gateway config file. */
    public static Path dirBeside(Path configFile) {
        Path parent = configFile.toAbsolutePath().getParent();
        return parent.resolve("scenarios");
    }

    public static Path resolve(String nameOrPath, Path dir) {
        if (nameOrPath.contains("/") || nameOrPath.contains("\\") || nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml")) {
            Path p = Path.of(nameOrPath);
            if (!Files.isRegularFile(p)) throw new UsageException("--scenario: no file " + p);
            return p;
        }
        Path p = dir.resolve(nameOrPath + ".yaml");
        if (!Files.isRegularFile(p)) {
            List<String> names = names(dir);
            throw new UsageException("--scenario: no scenario '" + nameOrPath + "' in " + dir
                    + (names.isEmpty() ? "" : " (there are: " + String.join(", ", names) + ")"));
        }
        return p;
    }

    /** Names of the scenarios in {@code dir}, sorted. */
    public static List<String> names(Path dir) {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) return names;
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted()
                    .forEach(n -> names.add(n.substring(0, n.length() - 5)));
        } catch (IOException e) {
            throw new UsageException("cannot list " + dir + ": " + e.getMessage());
        }
        return names;
    }
}
