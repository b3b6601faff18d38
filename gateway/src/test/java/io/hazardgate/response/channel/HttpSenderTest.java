package io.hazardgate.response.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.config.response.ChannelSettings;
import io.hazardgate.config.response.Secret;
import io.hazardgate.testing.WebhookReceiver;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SMS and voice providers over HTTP, against a real HTTP server on loopback: the body template is filled
 * in the provider's format, each value escaped for the content type, so text that comes from the site
 * files (a point's name, an operator's comment) cannot add or change a parameter of the request.
 */
class HttpSenderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(10);
    /** A text that would smuggle parameters into a naive template, in either format. */
    static final String HOSTILE = "【红色预警】GT-101 可燃气体 60 %LEL & key=forged&to=+8613999999999 \"},\"to\":\"+8613999999999\n第二行";

    WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception { receiver = new WebhookReceiver(); }

    @AfterEach
    void stop() { receiver.close(); }

    @Test
    void aVoiceCallIsAFormWhoseEveryValueIsEncodedSoTheTextAddsNoParameter() throws Exception {
        HttpSender voice = new HttpSender(channel(ChannelSettings.Type.VOICE, "/voice", "application/x-www-form-urlencoded",
                "to={phone}&tts={text}&key={secret}", Map.of()));
        Delivery d = voice.send(envelope(HOSTILE));
        assertEquals(Delivery.Outcome.DELIVERED, d.outcome(), d.detail());
        WebhookReceiver.Request r = receiver.await("/voice", x -> true, WAIT);
        assertEquals("application/x-www-form-urlencoded", r.header("Content-Type"));
        assertEquals("delivery-7", r.header("X-HazardGate-Delivery"));
        List<String[]> form = form(r.body());
        assertEquals(3, form.size(), "to, tts and key only: " + r.body());
        assertEquals(List.of("to", "+8613800000001"), List.of(form.get(0)));
        assertEquals(List.of("tts", HOSTILE), List.of(form.get(1)), "the text arrives whole, Chinese and all");
        assertEquals(List.of("key", "V0ice-key"), List.of(form.get(2)));
    }

    @Test
    void anSmsIsJsonWhoseTextIsEscapedSoItCannotChangeTheNumber() throws Exception {
        HttpSender sms = new HttpSender(channel(ChannelSettings.Type.SMS, "/sms", "application/json",
                "{\"mobile\":\"{phone}\",\"content\":\"{text}\"}", Map.of("Authorization", "Bearer {secret}")));
        assertEquals(Delivery.Outcome.DELIVERED, sms.send(envelope(HOSTILE)).outcome());
        WebhookReceiver.Request r = receiver.await("/sms", x -> true, WAIT);
        assertEquals("Bearer V0ice-key", r.header("Authorization"), "the key in the header, from the secret");
        JsonNode body = JSON.readTree(r.body());
        assertEquals(2, body.size(), r.body());
        assertEquals("+8613800000001", body.get("mobile").asText());
        assertEquals(HOSTILE, body.get("content").asText());
    }

    /** 2xx delivered; 408, 429 and 5xx may pass later; another 4xx is a request the provider will never take. */
    @ParameterizedTest
    @CsvSource({"200, DELIVERED", "202, DELIVERED", "408, RETRY", "429, RETRY", "500, RETRY", "503, RETRY", "400, FAILED",
                "401, FAILED", "404, FAILED"})
    void theProvidersAnswerDecidesWhetherToTryAgain(int status, Delivery.Outcome expected) {
        receiver.answer(status);
        HttpSender sms = new HttpSender(channel(ChannelSettings.Type.SMS, "/sms", "application/json",
                "{\"mobile\":\"{phone}\",\"content\":\"{text}\"}", Map.of()));
        Delivery d = sms.send(envelope("text"));
        assertEquals(expected, d.outcome(), d.detail());
        assertTrue(d.detail().startsWith("HTTP " + status), d.detail());
    }

    @Test
    void aProviderThatIsDownIsTriedAgainLater() {
        HttpSender sms = new HttpSender(channel(ChannelSettings.Type.SMS, "/sms", "application/json",
                "{\"mobile\":\"{phone}\",\"content\":\"{text}\"}", Map.of()));
        receiver.stop();
        Delivery d = sms.send(envelope("text"));
        assertEquals(Delivery.Outcome.RETRY, d.outcome(), d.detail());
    }

    private ChannelSettings channel(ChannelSettings.Type type, String path, String contentType, String body, Map<String, String> headers) {
        return new ChannelSettings(type.wireName(), type, "", 0, "", "", Secret.NONE, "", receiver.url(path), "POST", contentType, headers,
                body, new Secret("V0ice-key"), "", Duration.ofSeconds(5));
    }

    private static Envelope envelope(String text) {
        return new Envelope("delivery-7", "wang", "王健 Wang Jian", "+8613800000001", "【红色预警】GT-101", text, "{}");
    }

    private static List<String[]> form(String body) {
        List<String[]> out = new ArrayList<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.add(new String[] {URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)});
        }
        return out;
    }
}
