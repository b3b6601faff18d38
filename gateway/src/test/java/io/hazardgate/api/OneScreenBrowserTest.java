package io.hazardgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.Gateway;
import io.hazardgate.testing.Browser;
import io.hazardgate.testing.ExternalProgram;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.Needs;
import io.hazardgate.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The control room's one screen (一张屏) in a real headless Chromium against the real gateway, fed over
 * MQTT: the overview figures, the trend chart (ECharts, served by the gateway: no network), the dam's
 * cross-section and the plant layout, which all show a point's value alike; the alarm list with raised
 * times, shelving and acknowledging several at once; the red banner and its sound surviving a reload;
 * the alarm journal's filters, sorting and paging; Chinese throughout, English on demand. No content
 * security policy violation on the way. Screenshots are kept as test artifacts
 * ({@code gateway/target/one-screen-*.png}).
 */
@Needs(ExternalProgram.CHROMIUM)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OneScreenBrowserTest {
    private static final long MIN = 60_000;
    private Gateway gateway;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private long now;

    @BeforeAll
    void start(@TempDir Path data, @TempDir Path profile) throws Exception {
        gateway = TestGateway.start(data);
        now = System.currentTimeMillis();
        try (Mqtt.Client tf = Mqtt.connect(gateway.mqttPort(), "screen-dtu-tf1"); Mqtt.Client td = Mqtt.connect(gateway.mqttPort(), "screen-dtu-td1")) {
            // the tank farm: gas over its level-2 limit (red), the level over H (yellow), H2S with a hole of 20 minutes
            StringBuilder h2s = new StringBuilder();
            for (long ts = now - 50 * MIN; ts <= now - 30 * MIN; ts += MIN) h2s.append(reading("GT-102", 1.0 + (ts % 7) / 10.0, ts)).append(',');
            for (long ts = now - 10 * MIN; ts < now - MIN; ts += MIN) h2s.append(reading("GT-102", 1.2, ts)).append(',');
            tf.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[" + h2s + reading("GT-102", 1.1, now - 30_000) + "]}", 1);
            tf.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[" + reading("LT-101", 17, now) + "," + reading("GT-101", 60, now) + "]}", 1);
            // the dam: rain increments over the last hours (5 + 10 + 20 = 35 mm in 24 h), the pond, the beach, the piezometers
            td.publish("plant/demo/dtu-td1/telemetry", "{\"readings\":[" + reading("RG-01", 5, now - 180 * MIN) + ","
                    + reading("RG-01", 10, now - 120 * MIN) + "]}", 1);
            td.publish("plant/demo/dtu-td1/telemetry", "{\"readings\":[" + reading("RG-01", 20, now) + "," + reading("WL-01", 151, now) + ","
                    + reading("DB-01", 140, now) + "," + reading("PZ-01", 7, now) + "," + reading("PZ-02", 10, now) + "]}", 1);
        }
        // the store takes readings a moment after they are accepted: the charts below read the older ones from it
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (io.hazardgate.testing.Http.get(base() + "/api/sites/demo/sensors/GT-102/readings").body().split("\"ts\"").length < 30) {
            if (System.nanoTime() > deadline) throw new AssertionError("the store did not take GT-102's readings within a minute");
            Thread.sleep(200);
        }
        browser = Browser.start(profile);
        // every content-security-policy violation of every page load, recorded before any script of the page runs
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.__csp = []; document.addEventListener('securitypolicyviolation',"
                        + " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"));
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.ignoring(StaleElementReferenceException.class);
        browser.get(base() + "/");
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.quit();
        if (gateway != null) gateway.close();
    }

    private String base() { return "http://127.0.0.1:" + gateway.httpPort(); }

    private static String reading(String tag, double value, long ts) {
        return "{\"tag\":\"" + tag + "\",\"value\":" + value + ",\"ts\":" + ts + "}";
    }

    private Object js(String script, Object... args) { return ((JavascriptExecutor) browser).executeScript(script, args); }

    /** An element's text, read in one go by the page (it re-renders every few seconds: no stale handles). */
    private String text(String css) {
        return (String) wait.until(d -> js("const e = document.querySelector(arguments[0]); return e ? (e.innerText ?? e.textContent) : null", css));
    }

    /** An element's attribute, read in one go by the page; null when there is no such element or attribute. */
    private String attr(String css, String name) {
        return (String) js("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null", css, name);
    }

    /** The whole page, not only what the window shows: the one screen is taller than a laptop's. */
    private void screenshot(String name) throws java.io.IOException {
        Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
        String png = (String) browser.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip)).get("data");
        Path target = Path.of("target", "one-screen-" + name + ".png");
        Files.createDirectories(target.getParent());
        Files.write(target, java.util.Base64.getDecoder().decode(png));
        assertTrue(Files.size(target) > 10_000, "a real screenshot");
    }

    private void click(String css) {
        wait.until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    private double number(Object o) { return ((Number) o).doubleValue(); }

    @Test
    @Order(1)
    void theOverviewCountsSourcesPointsOnlineRatesAndUnacknowledgedAlarms() throws Exception {
        wait.until(d -> "red".equals(d.findElement(By.cssSelector(".card[data-source='demo/TF1']")).getDomAttribute("data-colour")));
        String sources = wait.until(d -> d.findElement(By.id("ov-sources")).getText());
        assertTrue(sources.startsWith("危险源\n2"), sources);
        assertTrue(text("#ov-points").startsWith("监测点\n26"), text("#ov-points"));
        // 9 points have reported (8 of them sent readings, the freeboard is computed from the water level), both loggers
        String online = wait.until(d -> d.findElement(By.cssSelector("#ov-point-online [data-rate]")).getDomAttribute("data-rate"));
        assertEquals(9.0 / 26, Double.parseDouble(online), 0.001, "points online: GT-101, GT-102, LT-101, RG-01, WL-01, FB-01, DB-01, PZ-01, PZ-02");
        assertEquals("1", attr("#ov-device-online [data-rate]", "data-rate"));
        String unacked = attr("#ov-unacked [data-count]", "data-count");
        assertTrue(Integer.parseInt(unacked) >= 2, "GT-101 and LT-101 at least: " + unacked);
        assertTrue(text("#ov-unacked").contains("最早未确认"), text("#ov-unacked"));
        // the last 24 h come from the store, which takes the alarm events a moment after they happen
        wait.until(d -> Integer.parseInt(d.findElement(By.cssSelector("#ov-24h [data-total]")).getDomAttribute("data-total")) >= 2);
        assertTrue(text("#ov-24h").contains("红色 1"), text("#ov-24h"));
    }

    @Test
    @Order(2)
    void anUnacknowledgedRedAlarmKeepsItsBannerAndSoundAfterAReload() throws Exception {
        wait.until(d -> d.findElement(By.id("banner")).isDisplayed());
        wait.until(d -> d.findElement(By.tagName("body")).getDomAttribute("data-beeps") != null);
        browser.navigate().refresh();
        wait.until(d -> d.findElement(By.id("banner")).isDisplayed());
        assertTrue(text("#banner").contains("GT-101"), text("#banner"));
        // the sound comes back by itself, without a new alarm: the red one is still nobody's
        wait.until(d -> d.findElement(By.tagName("body")).getDomAttribute("data-beeps") != null);
    }

    @Test
    @Order(3)
    void alarmsShowTheirRaisedTimeAndChineseTextThenEnglishOnDemand() throws Exception {
        String text = text("#alarms tr.alarm.red");
        assertTrue(text.contains("GT-101") && text.contains("101罐防火堤可燃气体") && text.contains("60 %LEL 达到或超过二级报警限值 50 %LEL")
                        && text.contains("红色"),
                "point name, limit name and colour word in Chinese: " + text);
        assertFalse(text.contains("Combustible"), text);
        long raised = Long.parseLong(attr("#alarms tr.alarm.red td.raised", "data-ts"));
        assertTrue(raised >= now - 5_000 && raised <= System.currentTimeMillis(), "the time the alarm was raised: " + raised);
        screenshot("zh");

        click("#lang");
        wait.until(d -> d.findElement(By.cssSelector("#alarms th:nth-child(2)")).getText().equals("Level"));
        String en = wait.until(d -> d.findElement(By.cssSelector("#alarms tr.alarm.red")).getText());
        assertTrue(en.contains("Combustible gas at tank 101 dike") && en.contains("L2 limit 50 %LEL") && en.contains("red"), en);
        assertFalse(en.codePoints().anyMatch(c -> c >= 0x4E00 && c <= 0x9FFF), "no Chinese left in English mode: " + en);
        screenshot("en");
        click("#lang");
        wait.until(d -> d.findElement(By.cssSelector("#alarms th:nth-child(2)")).getText().equals("等级"));
    }

    @Test
    @Order(4)
    void aPointShowsTheSameValueInTheListTheChartAndTheLayout() throws Exception {
        click(".card[data-source='demo/TF1']");
        click("#sensor-list .chart-pick[data-tag='GT-101']");
        click("#sensor-list .chart-pick[data-tag='GT-102']");
        wait.until(d -> js("return HGCharts.lastValue('demo', 'GT-101')") != null && js("return HGCharts.lastValue('demo', 'GT-102')") != null);
        assertEquals(60.0, number(js("return HGCharts.lastValue('demo', 'GT-101')")));
        String listed = attr("#sensor-list td.value[data-tag='GT-101']", "data-value");
        String marked = wait.until(d -> d.findElement(By.cssSelector("#layout .marker[data-tag='GT-101']")).getDomAttribute("data-value"));
        assertEquals("60", listed);
        assertEquals("60", marked);
        assertTrue(attr("#layout .marker[data-tag='GT-101']", "class").contains("red"));
        assertTrue((Boolean) js("const i = document.querySelector('#layout img'); return i.complete && i.naturalWidth > 0"), "the layout picture loaded");
        // both points on one chart, with their limits drawn (GT-101: L1 and L2; GT-102: its two H2S levels)
        assertEquals(2L, js("return HGCharts.chart().getOption().series.length"));
        assertEquals(2L, js("return HGCharts.chart().getOption().series[0].markLine.data.length"));
        // the H2S detector was silent for 20 minutes: the chart leaves a gap there instead of a line across
        List<?> drawn = (List<?>) js("return HGCharts.drawn('demo', 'GT-102')");
        assertTrue(drawn.stream().anyMatch(p -> ((List<?>) p).get(1) == null), "a gap in " + drawn);

        // a new value reaches the list, the chart and the layout alike
        try (Mqtt.Client tf = Mqtt.connect(gateway.mqttPort(), "screen-dtu-tf1")) {
            tf.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[" + reading("GT-101", 61.5, System.currentTimeMillis()) + "]}", 1);
        }
        wait.until(d -> "61.5".equals(d.findElement(By.cssSelector("#sensor-list td.value[data-tag='GT-101']")).getDomAttribute("data-value")));
        // one snapshot renders every widget: at each render all three agree
        for (int i = 0; i < 3; i++) {
            List<?> three = (List<?>) js("return [document.querySelector(\"#sensor-list td.value[data-tag='GT-101']\").dataset.value,"
                    + " String(HGCharts.lastValue('demo', 'GT-101')), document.querySelector(\"#layout .marker[data-tag='GT-101']\").dataset.value]");
            assertEquals(List.of("61.5", "61.5", "61.5"), three);
        }

        // 24 h and 7 d come from the store, averaged per step
        click("#ranges [data-range='24h']");
        wait.until(d -> js("return HGCharts.drawn('demo', 'GT-102')") instanceof List<?> l && l.size() > 10);
        click("#ranges [data-range='7d']");
        wait.until(d -> js("return HGCharts.chart().getOption().xAxis[0].min") != null
                && number(js("return HGCharts.chart().getOption().xAxis[0].max")) - number(js("return HGCharts.chart().getOption().xAxis[0].min")) > 6 * 86_400_000.0);
        click("#ranges [data-range='1h']");
        screenshot("trend");
    }

    @Test
    @Order(5)
    void aRainGaugeIsChartedAsThe24HourSumItsAlarmJudges() throws Exception {
        click(".card[data-source='demo/TD1']");
        click("#sensor-list .chart-pick[data-tag='RG-01']");
        wait.until(d -> js("return HGCharts.lastValue('demo', 'RG-01')") != null);
        assertEquals(35.0, number(js("return HGCharts.lastValue('demo', 'RG-01')")), 1e-9, "5 + 10 + 20 mm");
        assertEquals("35", attr("#sensor-list td.value[data-tag='RG-01']", "data-value"));
        assertTrue(text("#sensor-list td.value[data-tag='RG-01']").contains("24小时累计"));
    }

    @Test
    @Order(6)
    void theDamCrossSectionShowsWaterBeachFreeboardAndThePhreaticLineInTheirColours() throws Exception {
        String water = text("#section text[data-tag='WL-01']");
        assertEquals("151", attr("#section text[data-tag='WL-01']", "data-value"));
        assertTrue(water.contains("库水位 151 m"), water);
        String waterClass = attr("#section text[data-tag='WL-01']", "class");
        assertTrue(waterClass.contains("blue"), "151 m is past the blue line of 150 m: " + waterClass);
        assertEquals("6.5", attr("#section text[data-tag='FB-01']", "data-value"),
                "freeboard: crest 157.5 m − water 151 m");
        assertEquals("140", attr("#section text[data-tag='DB-01']", "data-value"));
        // the phreatic line through both piezometers: PZ-01 at 7 m deep (blue), PZ-02 at 138.5 − 120 − 10 = 8.5 m (normal)
        assertTrue(attr("#section circle[data-tag='PZ-01']", "class").contains("blue"));
        assertEquals("8.5", attr("#section text[data-tag='PZ-02']", "data-value"));
        assertTrue(attr("#section circle[data-tag='PZ-02']", "class").contains("green"));
        assertEquals("8.5", attr("#sensor-list td.value[data-tag='PZ-02']", "data-value"),
                "the list shows the burial depth too, not the piezometer's head");
        screenshot("dam");
    }

    @Test
    @Order(7)
    void anOperatorShelvesOneAlarmAndAcknowledgesTwoAtOnce() throws Exception {
        try (Mqtt.Client tf = Mqtt.connect(gateway.mqttPort(), "screen-dtu-tf1")) {
            tf.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[" + reading("GT-103", 7, System.currentTimeMillis()) + "]}", 1);
        }
        String benzene = "#alarms tr.alarm[data-alarm-id^='demo:GT-103:']";
        wait.until(d -> d.findElement(By.cssSelector(benzene)));
        click(benzene + " [data-shelve]");
        wait.until(d -> d.findElement(By.id("ack-dialog")).isDisplayed());
        browser.findElement(By.id("ack-user")).sendKeys("duty");
        browser.findElement(By.id("ack-pass")).sendKeys("hazardgate-demo");
        browser.findElement(By.id("ack-comment")).sendKeys("检测器标定中 detector being calibrated");
        click("#ack-confirm");
        wait.until(d -> d.findElements(By.cssSelector(benzene)).isEmpty());
        wait.until(d -> d.findElement(By.id("shelved-count")).getText().equals("1"));
        click("#show-shelved");
        assertTrue(wait.until(d -> d.findElement(By.cssSelector(benzene)).getDomAttribute("class")).contains("shelved"));
        assertTrue(text(benzene).contains("检测器标定中"), text(benzene));
        click("#show-shelved");

        // two alarms ticked, one acknowledgement (the operator is still signed in)
        click("#alarms tr.alarm[data-alarm-id^='demo:GT-101:'] .pick");
        click("#alarms tr.alarm[data-alarm-id^='demo:LT-101:'] .pick");
        wait.until(d -> d.findElement(By.id("ack-selected")).getText().endsWith("(2)"));
        click("#ack-selected");
        wait.until(d -> d.findElement(By.id("ack-dialog")).isDisplayed());
        assertTrue(text("#ack-alarm").contains("GT-101") && text("#ack-alarm").contains("LT-101"), text("#ack-alarm"));
        browser.findElement(By.id("ack-comment")).sendKeys("现场已处置 handled on site");
        click("#ack-confirm");
        wait.until(d -> d.findElement(By.cssSelector("#alarms tr.alarm[data-alarm-id^='demo:GT-101:']")).getDomAttribute("class").contains("acked"));
        wait.until(d -> d.findElement(By.cssSelector("#alarms tr.alarm[data-alarm-id^='demo:LT-101:']")).getDomAttribute("class").contains("acked"));
        // the latched gas alarm stays, acknowledged; with no unhandled red alarm the banner goes
        wait.until(d -> !d.findElement(By.id("banner")).isDisplayed());
        screenshot("acknowledged");
    }

    @Test
    @Order(8)
    void theJournalFiltersSortsAndPagesTheStoredEvents() throws Exception {
        // the store has them a moment after they happen: search until the shelved alarm's raise is there, and
        // more than a page of events (the silent points' no-data alarms come a minute after the start)
        new WebDriverWait(browser, Duration.ofSeconds(90)).ignoring(StaleElementReferenceException.class).withMessage(() ->
                "journal: " + text("#journal-page") + "\n" + text("#journal tbody")).until(d -> {
            d.findElement(By.cssSelector("#journal-filters button[type='submit']")).click();
            String total = attr("#journal-page", "data-total");
            return total != null && Integer.parseInt(total) > 20 && !d.findElements(By.cssSelector("#journal tr.event[data-id^='demo:GT-103:']")).isEmpty();
        });
        assertEquals(20, browser.findElements(By.cssSelector("#journal tr.event")).size());
        click("#journal-next");
        wait.until(d -> d.findElement(By.id("journal-page")).getText().startsWith("第 2/"));

        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("jf-colour"))).selectByValue("red");
        click("#journal-filters button[type='submit']");
        wait.until(d -> d.findElement(By.id("journal-page")).getText().startsWith("第 1/1"));
        List<?> red = (List<?>) js("return [...document.querySelectorAll('#journal tr.event')].map(e => e.className + ' | ' + e.innerText)");
        assertFalse(red.isEmpty());
        for (Object e : red) assertTrue(e.toString().startsWith("event red"), e.toString());
        assertTrue(red.stream().anyMatch(e -> e.toString().contains("二级报警")), "Chinese text from the store's events too: " + red);

        // oldest first
        click("#journal th[data-sort='time']");
        wait.until(d -> "asc".equals(d.findElement(By.cssSelector("#journal th[data-sort='time']")).getDomAttribute("data-order")));
        List<Long> times = ((List<?>) js("return [...document.querySelectorAll('#journal tr.event')].map(e => Number(e.dataset.ts))")).stream()
                .map(o -> ((Number) o).longValue()).toList();
        for (int i = 1; i < times.size(); i++) assertTrue(times.get(i - 1) <= times.get(i), times.toString());
        screenshot("journal");
    }

    @Test
    @Order(9)
    void chartsComeFromTheGatewayAndNothingBreaksTheContentSecurityPolicy() {
        assertEquals("function", js("return typeof echarts.init"));
        assertEquals(base() + "/vendor/echarts.min.js", js("return document.querySelector('script[src*=echarts]').src"));
        assertEquals(List.of(), js("return window.__csp"), "content security policy violations");
    }
}
