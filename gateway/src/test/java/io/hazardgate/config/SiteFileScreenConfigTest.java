package io.hazardgate.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.site.DamSection;
import io.hazardgate.config.site.Names;
import io.hazardgate.config.site.Site;
import io.hazardgate.config.site.SiteLayout;
import io.hazardgate.testing.Configs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a site file tells the control room: names in both languages, a dam's cross-section, the plant
 * layout picture (held to what a picture is: no path out of the site file's directory, no other kind of
 * file, nothing huge), and errors that name the point and the file that listed the site file.
 */
class SiteFileScreenConfigTest {
    @TempDir Path dir;

    private static final String PLANT = """
            site: s
            hazardSources: [{id: A}]
            devices: [{id: d1}]
            sensors:
              - {tag: T1, source: A, device: d1, type: tank_level}
              - {tag: T2, source: A, device: d1, type: temperature}
            """;

    private Site loadSite(String yaml) throws IOException {
        Path f = dir.resolve("site.yaml");
        Files.writeString(f, yaml, StandardCharsets.UTF_8);
        return ConfigLoader.loadSite(f);
    }

    private ConfigException refused(String yaml) {
        return assertThrows(ConfigException.class, () -> loadSite(yaml));
    }

    @Test
    void namesComeInBothLanguagesWrittenApartOrAsOneLine() throws IOException {
        Site s = loadSite("""
                site: s
                name: {zh: 演示园区, en: Demo park}
                hazardSources: [{id: A, name: 1号储罐区（粗苯） Tank farm 1 (crude benzene)}]
                sensors:
                  - {tag: T1, source: A, type: tank_level, name: {zh: 1号罐液位}}
                  - {tag: T2, source: A, type: tank_level, name: Level of tank 2}
                """);
        assertEquals(new Names("演示园区", "Demo park"), s.names());
        assertEquals("演示园区 Demo park", s.name(), "both in one line where one name is wanted (MQTT messages)");
        assertEquals(new Names("1号储罐区（粗苯）", "Tank farm 1 (crude benzene)"), s.hazardSource("A").names());
        assertEquals(new Names("1号罐液位", "1号罐液位"), s.sensorsByTag().get("T1").names(), "one language stands for both");
        assertEquals("Level of tank 2", s.sensorsByTag().get("T2").names().zh());
        Site demo = Configs.demoPlant();
        assertEquals("101罐液位", demo.sensorsByTag().get("LT-101").names().zh());
        assertEquals("Tank 101 level", demo.sensorsByTag().get("LT-101").names().en());
        assertEquals("101罐液位 Tank 101 level", demo.sensorsByTag().get("LT-101").name());
        ConfigException e = refused(PLANT.replace("{tag: T1, source: A", "{tag: T1, name: {fr: niveau}, source: A"));
        assertEquals("sensors[0].name.fr", e.field());
    }

    @Test
    void anErrorNamesTheTagBesideItsPathAndTheConfigThatListedTheSiteFile() throws IOException {
        ConfigException e = refused(PLANT.replace("type: temperature}", "type: temperature, limits: {H: 60, HH: 50}}"));
        assertEquals("sensors[1].limits.HH", e.field());
        assertEquals("sensor T2", e.subject());
        assertTrue(e.getMessage().startsWith(dir.resolve("site.yaml") + ": sensors[1].limits.HH (sensor T2): "), e.getMessage());

        Files.writeString(dir.resolve("gateway.yaml"), "sites:\n  - site.yaml\n");
        ConfigException listed = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("gateway.yaml")));
        assertTrue(listed.getMessage().startsWith(dir.resolve("site.yaml") + " (listed in " + dir.resolve("gateway.yaml") + ", sites[0]): "
                + "sensors[1].limits.HH (sensor T2): "), listed.getMessage());

        ConfigException source = refused("site: s\nhazardSources: [{id: D, kind: tailings_dam, class: 7}]\n");
        assertTrue(source.getMessage().contains("hazardSources[0].class (hazard source D): "), source.getMessage());
    }

    @Test
    void aDamCrossSectionIsCheckedAgainstTheDesignAndTheDamsOwnPoints() throws IOException {
        Site demo = Configs.demoPlant();
        DamSection sec = demo.hazardSource("TD1").section();
        assertEquals(120.0, sec.toeElevation());
        assertEquals("WL-01", sec.water());
        assertEquals(2, sec.piezometers().size());
        assertEquals("PZ-01", sec.piezometers().get(0).tag(), "nearest the crest first");

        String dam = """
                site: s
                hazardSources:
                  - id: D
                    kind: tailings_dam
                    design: {crestElevation: 150}
                    section: %s
                sensors:
                  - {tag: W, source: D, type: water_level}
                  - {tag: P, source: D, type: phreatic_line}
                """;
        assertEquals("hazardSources[0].section.toeElevation", refused(dam.formatted("{toeElevation: 160, downstreamSlope: 3}")).field());
        assertEquals("hazardSources[0].section.piezometers.P.distance",
                refused(dam.formatted("{toeElevation: 120, downstreamSlope: 3, piezometers: {P: {distance: 200, surfaceElevation: 140}}}")).field(),
                "beyond the toe, 90 m downstream");
        ConfigException wrongType = refused(dam.formatted("{toeElevation: 120, downstreamSlope: 3, water: P}"));
        assertEquals("hazardSources[0].section.water", wrongType.field());
        assertTrue(wrongType.reason().contains("must name a water_level point of D, got P (phreatic_line of D)"), wrongType.reason());
        assertEquals("hazardSources[0].section.piezometers.X",
                refused(dam.formatted("{toeElevation: 120, downstreamSlope: 3, piezometers: {X: {distance: 10, surfaceElevation: 145}}}")).field());
        assertEquals("hazardSources[0].section", refused(dam.replace("design: {crestElevation: 150}", "class: 3")
                .formatted("{toeElevation: 120, downstreamSlope: 3}")).field(), "needs the crest elevation");
    }

    @Test
    void aLayoutPictureIsReadFromBesideTheSiteFileWithItsPoints() throws IOException {
        Files.writeString(dir.resolve("plant.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"/>");
        Site s = loadSite(PLANT + "layout: {image: plant.svg, points: {T1: [10, 20.5], T2: [100, 0]}}\n");
        SiteLayout l = s.layout();
        assertEquals("image/svg+xml", l.contentType());
        assertArrayEquals(new double[] {10, 20.5}, l.points().get("T1"));
        assertTrue(new String(l.image(), StandardCharsets.UTF_8).contains("<svg"));
        assertNull(loadSite(PLANT).layout(), "a layout is optional");
        assertEquals("layout.points.T9", refused(PLANT + "layout: {image: plant.svg, points: {T9: [1, 1]}}\n").field());
        assertEquals("layout.points.T1", refused(PLANT + "layout: {image: plant.svg, points: {T1: [101, 1]}}\n").field());
    }

    /** A site file could be written to serve any file of the machine to every control-room browser: it cannot. */
    @Test
    void aLayoutCannotReachOutOfTheSiteFilesDirectoryNorServeWhatIsNotAPicture() throws IOException {
        Path outside = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-outside"));
        try {
            Files.writeString(outside.resolve("secret.svg"), "<svg>secret</svg>");
            assertTrue(refused(PLANT + "layout: {image: ../" + outside.getFileName() + "/secret.svg}\n").reason().contains("no '..'"));
            assertTrue(refused(PLANT + "layout: {image: " + outside.resolve("secret.svg") + "}\n").reason().contains("no absolute path"));
            Files.createDirectories(dir.resolve("pictures"));
            Files.createSymbolicLink(dir.resolve("pictures").resolve("plant.svg"), outside.resolve("secret.svg"));
            assertTrue(refused(PLANT + "layout: {image: pictures/plant.svg}\n").reason().contains("leads out of the site file's directory"));
        } finally {
            Files.deleteIfExists(outside.resolve("secret.svg"));
            Files.deleteIfExists(outside);
        }
        Files.writeString(dir.resolve("site.yaml.png"), "not a png");
        assertTrue(refused(PLANT + "layout: {image: site.yaml.png}\n").reason().contains("is not a image/png file"));
        Files.writeString(dir.resolve("page.html"), "<html><script>alert(1)</script></html>");
        assertTrue(refused(PLANT + "layout: {image: page.html}\n").reason().contains("must be an .svg, .png, .jpg or .webp file"));
        byte[] huge = new byte[LayoutLoader.MAX_IMAGE_BYTES + 1];
        huge[0] = (byte) 0x89;
        huge[1] = 'P';
        huge[2] = 'N';
        huge[3] = 'G';
        Files.write(dir.resolve("huge.png"), huge);
        assertTrue(refused(PLANT + "layout: {image: huge.png}\n").reason().contains("at most 2097152 (2 MB)"));
        assertTrue(refused(PLANT + "layout: {image: missing.svg}\n").reason().startsWith("file not found"));
    }
}
