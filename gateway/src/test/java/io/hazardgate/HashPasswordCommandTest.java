package io.hazardgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.mqtt.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashPasswordCommandTest {
    @Test
    void printsAHashOfThePasswordReadFromStandardInput() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = HashPasswordCommand.run(List.of("--iterations", "10000"),
                new ByteArrayInputStream("s3cret wörd\n".getBytes(StandardCharsets.UTF_8)), null,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8).trim();
        assertTrue(printed.startsWith("pbkdf2-sha256$10000$"), printed);
        assertFalse(printed.contains("s3cret"));
        PasswordHash hash = PasswordHash.parse(printed);
        assertTrue(hash.matches("s3cret wörd".toCharArray()));
        assertFalse(hash.matches("s3cret word".toCharArray()));
    }

    @Test
    void refusesAnEmptyPasswordAndTooFewIterations() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        assertEquals(2, HashPasswordCommand.run(List.of(), new ByteArrayInputStream(new byte[0]), null, sink, sink));
        assertEquals(2, HashPasswordCommand.run(List.of("--iterations", "10"),
                new ByteArrayInputStream("x\n".getBytes()), null, sink, sink));
    }

    @Test
    void hashesWithAtLeast600000IterationsByDefault() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        assertEquals(0, HashPasswordCommand.run(List.of(), new ByteArrayInputStream("plant-pw\n".getBytes()), null,
                new PrintStream(out, true, StandardCharsets.UTF_8), sink));
        PasswordHash hash = PasswordHash.parse(out.toString(StandardCharsets.UTF_8).trim());
        assertTrue(hash.iterations() >= 600_000, "iterations: " + hash.iterations());
    }

    @Test
    void fewerIterationsThanTheDefaultStillWorkAndTheCommandSaysSo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, HashPasswordCommand.run(List.of("--iterations", "100000"), new ByteArrayInputStream("old-pw\n".getBytes()),
                null, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("600000") && said.contains("still verif"), said);
        assertTrue(PasswordHash.parse(out.toString(StandardCharsets.UTF_8).trim()).matches("old-pw".toCharArray()),
                "a hash with fewer iterations verifies");
    }

    @Test
    void mainDispatchesTheCommand() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, Main.run(new String[] {"hash-password", "--bogus"}, new PrintStream(out), new PrintStream(out)));
        assertTrue(out.toString().contains("hash-password"));
    }
}
