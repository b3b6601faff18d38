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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The control-room screen in a real browser: it shows the demo plant, turns a card red the moment a
 * gas detector crosses its level-2 limit, lists the alarm, lets the operator on duty acknowledge it, and
 * keeps screenshots as test artifacts ({@code gateway/target/dashboard-*.png}).
 */
@Needs(ExternalProgram.CHROMIUM)
class DashboardBrowserTest {
    @TempDir Path data;
    @TempDir Path profile;

    private static void screenshot(ChromeDriver browser, String name) throws java.io.IOException {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(target) > 10_000, "a real screenshot");
    }

    @Test
    void aRedGasAlarmTurnsTheTankFarmCardRedIsListedAndAcknowledgedFromThePage() throws Exception {
        try (Gateway gateway = TestGateway.start(data)) {
            ChromeDriver browser = Browser.start(profile);
            try {
                browser.get("http://127.0.0.1:" + gateway.httpPort() + "/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                wait.ignoring(StaleElementReferenceException.class);
                // the page re-renders as data arrives: look elements up afresh each time
                String tf1 = wait.until(d -> d.findElement(By.cssSelector(".card[data-source='demo/TF1']")).getText());
                assertTrue(tf1.contains("1号储罐区"), "the source's Chinese name in Chinese mode: " + tf1);
                assertEquals(1, browser.findElements(By.cssSelector(".card[data-source='demo/TD1']")).size());
                wait.until(d -> "grey".equals(d.findElement(By.cssSelector(".card[data-source='demo/TF1']")).getDomAttribute("data-colour")));
                wait.until(d -> d.findElement(By.id("link")).getDomAttribute("class").contains("up"));

                try (Mqtt.Client dtu = Mqtt.connect(gateway.mqttPort(), "browser-dtu")) {
                    dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}", 1);
                }
                wait.until(d -> "red".equals(d.findElement(By.cssSelector(".card[data-source='demo/TF1']")).getDomAttribute("data-colour")));
                // the live colour is red; the assessed risk grade (较大风险, orange) stays beside it
                String assessed = wait.until(d -> d.findElement(By.cssSelector(".card[data-source='demo/TF1'] .card-assessed .chip.orange")).getText());
                assertTrue(assessed.equals("较大风险") || assessed.equals("large risk"), assessed);
                String row = wait.until(d -> d.findElement(By.cssSelector("#alarms tr.alarm.red")).getText());
                assertTrue(row.contains("GT-101") && row.contains("红色"), "the point and the alarm's colour, in Chinese: " + row);
                wait.until(d -> d.findElement(By.id("banner")).isDisplayed()); // a new red alarm shows the banner
                assertEquals("1", wait.until(d -> d.findElement(By.id("alarm-count")).getText()));

                assertEquals("等级", wait.until(d -> d.findElement(By.cssSelector("#alarms th:nth-child(2)")).getText()), "Chinese labels by default");
                screenshot(browser, "dashboard-red-alarm-zh.png");
                browser.findElement(By.id("lang")).click();
                wait.until(d -> d.findElement(By.cssSelector("#alarms th:nth-child(2)")).getText().equals("Level"));
                wait.until(d -> d.findElement(By.cssSelector("#alarms tr.alarm.red")).getText().contains("Combustible gas at tank 101 dike"));
                screenshot(browser, "dashboard-red-alarm-en.png");

                // acknowledge from the page as the demo operator; the latched gas alarm stays, acknowledged
                wait.until(d -> { // looked up and clicked in one go: the row may be re-rendered in between
                    d.findElement(By.cssSelector("#alarms tbody .ack-btn")).click();
                    return true;
                });
                wait.until(d -> d.findElement(By.id("ack-dialog")).isDisplayed());
                browser.findElement(By.id("ack-user")).sendKeys("duty");
                browser.findElement(By.id("ack-pass")).sendKeys("wrong");
                browser.findElement(By.id("ack-confirm")).click();
                wait.until(d -> d.findElement(By.id("ack-error")).getText().equals("Wrong operator or password"));
                browser.findElement(By.id("ack-pass")).clear();
                browser.findElement(By.id("ack-pass")).sendKeys("hazardgate-demo");
                browser.findElement(By.id("ack-comment")).sendKeys("leak isolated, detector checked");
                browser.findElement(By.id("ack-confirm")).click();
                wait.until(d -> d.findElement(By.cssSelector("#alarms tr.alarm.red")).getDomAttribute("class").contains("acked"));
                assertEquals("acknowledged", wait.until(d -> d.findElement(By.cssSelector("#alarms tr.alarm.red .alarm-state")).getText()));
                wait.until(d -> d.findElements(By.cssSelector("#alarms tbody .ack-btn")).isEmpty());
                screenshot(browser, "dashboard-acknowledged.png");
                String stored = (String) browser.executeScript(
                        "return JSON.stringify(Object.assign({}, sessionStorage)) + JSON.stringify(Object.assign({}, localStorage))");
                assertFalse(stored.contains("hazardgate-demo"), "the browser keeps a session token, never the password: " + stored);

            } finally {
                browser.quit();
            }
        }
    }
}
