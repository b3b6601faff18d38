package io.hazardgate.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Debian programs some test suites start as real peers of the gateway. A machine with only a JDK and
 * Maven has none of them; `.ci/run` installs them all. Suites that need one say so with {@link Needs}.
 */
public enum ExternalProgram {
    MOSQUITTO("mosquitto", "/usr/sbin/mosquitto"),
    MOSQUITTO_CLIENTS("mosquitto-clients", "/usr/bin/mosquitto_pub", "/usr/bin/mosquitto_sub"),
    VICTORIA_METRICS("victoria-metrics", "/usr/bin/victoria-metrics"),
    CHROMIUM("chromium chromium-driver", "/usr/bin/chromium", "/usr/bin/chromedriver"),
    HAPROXY("haproxy", "/usr/sbin/haproxy");

    private final String debianPackages;
    private final List<Path> binaries;

    ExternalProgram(String debianPackages, String... binaries) {
        this.debianPackages = debianPackages;
        this.binaries = List.of(binaries).stream().map(Path::of).toList();
    }

    /** The Debian package(s) that bring the program, as {@code apt-get install} takes them. */
    public String debianPackages() {
        return debianPackages;
    }

    /** The executable of this program named {@code name}, e.g. {@code mosquitto_sub}. */
    public Path binary(String name) {
        return binaries.stream().filter(b -> b.getFileName().toString().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(this + " has no executable " + name));
    }

    /** The program's first (often only) executable. */
    public Path binary() {
        return binaries.get(0);
    }

    public boolean installed() {
        return binaries.stream().allMatch(Files::isExecutable);
    }

    /** What is missing, e.g. {@code /usr/bin/mosquitto_sub (apt-get install mosquitto-clients)}; empty if nothing. */
    public String missing() {
        String absent = binaries.stream().filter(b -> !Files.isExecutable(b)).map(Path::toString)
                .collect(Collectors.joining(", "));
        return absent.isEmpty() ? "" : absent + " (apt-get install " + debianPackages + ")";
    }
}
