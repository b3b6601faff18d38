package io.hazardgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Durations as config files and the simulator's command line write them. */
class ConfigNodeTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"500ms, 500", "10s, 10000", "5m, 300000", "1h, 3600000", "30d, 2592000000", "4m30s, 270000", "1h30m, 5400000",
            "1s500ms, 1500", "' 2m ', 120000", "0s, 0", "36525d, 3155760000000"})
    void readsSingleUnitsAndCompounds(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), ConfigNode.parseDuration(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "soon                   | must be a duration like 500ms, 10s, 5m, 1h, 30d or 4m30s, got 'soon'",
        "5                      | must be a duration like 500ms, 10s, 5m, 1h, 30d or 4m30s, got '5'",
        "1h 30m                 | must be a duration like 500ms, 10s, 5m, 1h, 30d or 4m30s, got '1h 30m'",
        "99999999999999999999s  | is too large: '99999999999999999999s'",
        "999999999999d          | is too large: '999999999999d'",
        "36526d                 | is too large: '36526d'",
    })
    void rejectsWithAReason(String text, String reason) {
        assertEquals(reason, assertThrows(IllegalArgumentException.class, () -> ConfigNode.parseDuration(text)).getMessage());
    }

    @Test
    void errorsNameTheFileAndThePath() throws IOException {
        ConfigNode root = ConfigNode.root("plant.yaml", new YAMLMapper().readTree("at: {when: soon, then: 6m, name: leak}"));
        ConfigException e = assertThrows(ConfigException.class, () -> root.get("at").get("when").duration());
        assertEquals("plant.yaml: at.when: must be a duration like 500ms, 10s, 5m, 1h, 30d or 4m30s, got 'soon'", e.getMessage());
        assertEquals("plant.yaml: at.until: is required",
                assertThrows(ConfigException.class, () -> root.get("at").get("until").duration()).getMessage());
        assertTrue(root.get("at").get("then").looksLikeDuration());
        assertFalse(root.get("at").get("name").looksLikeDuration());
    }
}
