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
    void mainDispatchesTheCommand() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, Main.run(new String[] {"hash-password", "--bogus"}, new PrintStream(out), new PrintStream(out)));
        assertTrue(out.toString().contains("hash-password"));
    }
}
