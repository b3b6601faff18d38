package io.hazardgate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package `mvn package` built, read as dpkg reads it (an ar archive of control.tar.gz and
 * data.tar.gz): where it installs what, the systemd unit's hardening, the maintainer scripts' decisions
 * (run with stand-ins for the commands that would change this machine). Installing it for real needs
 * root on a throwaway machine: docs/operations.md, "Installing the Debian package".
 */
class DebianPackageIT {
    /** A file of the package: mode, symlink target, content (for small files). */
    record Entry(int mode, String link, byte[] content) {
        String text() { return new String(content, StandardCharsets.UTF_8); }
    }

    static Path deb;
    static final Map<String, Entry> control = new HashMap<>();
    static final Map<String, Entry> data = new HashMap<>();

    @TempDir Path tmp;

    @BeforeAll
    static void read() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("hazardgate.deb.dir")))) {
            deb = s.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst().orElseThrow();
        }
        try (ArArchiveInputStream ar = new ArArchiveInputStream(Files.newInputStream(deb))) {
            ArArchiveEntry e;
            while ((e = ar.getNextEntry()) != null) {
                byte[] member = ar.readAllBytes();
                if (e.getName().equals("control.tar.gz")) untar(member, control);
                if (e.getName().equals("data.tar.gz")) untar(member, data);
            }
        }
    }

    static void untar(byte[] gz, Map<String, Entry> into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(gz)))) {
            TarArchiveEntry t;
            while ((t = tar.getNextEntry()) != null) {
                String name = t.getName().replaceFirst("^\\./", "/");
                byte[] content = t.getSize() < 1 << 20 ? tar.readAllBytes() : new byte[0];
                into.put(name, new Entry(t.getMode() & 07777, t.isSymbolicLink() ? t.getLinkName() : null, content));
            }
        }
    }

    @Test
    void controlNamesAJavaRuntimeAndTheConfigFilesAsConffiles() {
        String c = control.get("/control").text();
        assertTrue(c.contains("Package: hazardgate\n"), c);
        assertTrue(c.contains("Architecture: all\n"), c);
        assertTrue(c.matches("(?s).*Depends: [^\n]*java17-runtime-headless[^\n]*adduser.*"), c);
        List<String> conffiles = control.get("/conffiles").text().lines().toList();
        assertTrue(conffiles.contains("/etc/hazardgate/gateway.yaml"), conffiles.toString());
        assertTrue(conffiles.contains("/etc/hazardgate/demo-plant.yaml"), conffiles.toString());
        assertTrue(conffiles.contains("/etc/default/hazardgate"), conffiles.toString());
        for (String script : List.of("/preinst", "/postinst", "/prerm", "/postrm")) {
            assertEquals(0755, control.get(script).mode() & 0777, script);
        }
    }

    @Test
    void installsUnderOptWithConfigInEtcAndTheCommandOnThePath() {
        assertEquals(0755, data.get("/opt/hazardgate/bin/hazardgate").mode() & 0777);
        assertTrue(data.keySet().stream().anyMatch(n -> n.matches("/opt/hazardgate/lib/hazardgate-gateway-.*\\.jar")), data.keySet().toString());
        assertTrue(data.containsKey("/opt/hazardgate/docs/operations.md"));
        assertEquals("/opt/hazardgate/bin/hazardgate", data.get("/usr/bin/hazardgate").link());
        assertEquals("/etc/hazardgate", data.get("/opt/hazardgate/config").link(), "the launcher's config/ is /etc/hazardgate");
        assertFalse(data.keySet().stream().anyMatch(n -> n.startsWith("/opt/hazardgate/config/")), "no second copy of the config");
        String gateway = data.get("/etc/hazardgate/gateway.yaml").text();
        assertTrue(gateway.contains("\ndataDir: /var/lib/hazardgate"), gateway);
        assertTrue(gateway.contains("host: 127.0.0.1"), "listens on loopback until the plant's config says otherwise");
        assertEquals(0640, data.get("/etc/hazardgate/gateway.yaml").mode() & 0777, "password hashes are not world-readable");
        assertFalse(data.keySet().stream().anyMatch(n -> n.startsWith("/var/lib/hazardgate")), "data is the service's, made at install");
    }

    @Test
    void theServiceRunsHardenedAsItsOwnUserAndStopsGracefully() {
        Map<String, String> unit = new HashMap<>();
        for (String line : data.get("/lib/systemd/system/hazardgate.service").text().lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) unit.put(line.substring(0, eq), line.substring(eq + 1));
        }
        assertEquals("/opt/hazardgate/bin/hazardgate run --config /etc/hazardgate/gateway.yaml", unit.get("ExecStart"));
        assertEquals("hazardgate", unit.get("User"));
        assertEquals("on-failure", unit.get("Restart"));
        assertTrue(Integer.parseInt(unit.get("LimitNOFILE")) >= 10_000 + 1_000, "10,000 connections and the files: " + unit.get("LimitNOFILE"));
        assertEquals("SIGTERM", unit.get("KillSignal"));
        assertTrue(unit.get("SuccessExitStatus").contains("143"), "the JVM's exit after SIGTERM is a success");
        assertTrue(Integer.parseInt(unit.get("TimeoutStopSec").replace("s", "")) >= 30, "time to drain the log and ship");
        assertEquals("hazardgate", unit.get("StateDirectory"));
        assertEquals("/var/lib/hazardgate", unit.get("ReadWritePaths"));
        for (String hardening : List.of("NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                "PrivateDevices=yes", "ProtectKernelTunables=yes", "ProtectControlGroups=yes", "RestrictSUIDSGID=yes")) {
            String[] kv = hardening.split("=");
            assertEquals(kv[1], unit.get(kv[0]), hardening);
        }
        assertEquals("", unit.get("CapabilityBoundingSet"), "no capabilities at all");
        assertFalse(unit.containsKey("MemoryDenyWriteExecute"), "the JIT compiler needs writable code");
    }

    @Test
    void aFirstInstallCreatesTheUserAndEnablesButDoesNotStart() throws Exception {
        String log = runScript("/preinst", false, "install");
        assertTrue(log.contains("addgroup --system hazardgate"), log);
        assertTrue(log.matches("(?s).*adduser --system --ingroup hazardgate --home /var/lib/hazardgate .*--shell /usr/sbin/nologin.* hazardgate\n.*"), log);

        log = runScript("/postinst", true, "configure");
        assertTrue(log.contains("install -d -o hazardgate -g hazardgate -m 0750 /var/lib/hazardgate"), log);
        assertTrue(log.contains("chgrp -R hazardgate /etc/hazardgate"), log);
        assertTrue(log.contains("systemctl enable hazardgate.service"), log);
        assertFalse(log.contains("systemctl start") || log.contains("restart"), "started only once configured: " + log);
    }

    @Test
    void anUpgradeRestartsARunningGatewayAndKeepsTheUser() throws Exception {
        assertFalse(runScript("/preinst", true, "upgrade", "0.0.9").contains("adduser"), "the user exists");
        assertFalse(runScript("/prerm", true, "upgrade", "0.1.0").contains("stop"), "an upgrade does not stop it early");
        String log = runScript("/postinst", true, "configure", "0.0.9");
        assertTrue(log.contains("systemctl try-restart hazardgate.service"), log);
        assertFalse(log.contains("enable"), log);
    }

    @Test
    void removalStopsTheServiceAndPurgeKeepsTheRecords() throws Exception {
        String log = runScript("/prerm", true, "remove");
        assertTrue(log.contains("systemctl stop hazardgate.service"), log);
        log = runScript("/postrm", true, "purge");
        assertFalse(log.contains("rm "), "records stay: " + log);
    }

    /**
     * Runs a maintainer script with stand-ins for getent, adduser, addgroup, install, chgrp, chmod, find
     * and systemctl that record their arguments, with or without a systemd on the "machine".
     */
    private String runScript(String name, boolean userExists, String... args) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin-" + name.substring(1) + "-" + System.nanoTime()));
        Path log = bin.resolve("calls.log");
        Path systemd = Files.createDirectories(bin.resolve("run-systemd-system"));
        for (String cmd : List.of("adduser", "addgroup", "install", "chgrp", "chmod", "find", "systemctl")) {
            stub(bin, cmd, "echo \"" + cmd + " $*\" >> '" + log + "'");
        }
        stub(bin, "getent", "echo \"getent $*\" >> '" + log + "'; exit " + (userExists ? 0 : 2));
        Path script = bin.resolve(name.substring(1));
        Files.writeString(script, control.get(name).text().replace("/run/systemd/system", systemd.toString()));
        List<String> cmd = new java.util.ArrayList<>(List.of("sh", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), name + " " + List.of(args) + ": " + out);
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static void stub(Path bin, String name, String body) throws IOException {
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

}
