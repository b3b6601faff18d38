package io.hazardgate.uplink.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** SM4 against the standard's own example, the envelope round trip, and the request signature. */
class PayloadCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void sm4MatchesTheExampleOfGbT32907() {
        // GB/T 32907-2016 Appendix A, example 1: key and plaintext 0123456789abcdeffedcba9876543210.
        byte[] key = HEX.parseHex("0123456789abcdeffedcba9876543210");
        assertEquals("681edf34d206965e86b3e94f536e4246", HEX.formatHex(PayloadCodec.sm4Block(key, key)));
    }

    @Test
    void anEncryptedPayloadDecryptsWithTheKeyAndOnlyWithIt() throws Exception {
        byte[] key = HEX.parseHex("00112233445566778899aabbccddeeff");
        byte[] json = "{\"enterpriseCode\":\"370612000101\",\"value\":12.5,\"名称\":\"罐区\"}".getBytes(StandardCharsets.UTF_8);
        PayloadCodec codec = new PayloadCodec(key);
        byte[] wire = codec.encode(json);
        JsonNode env = new ObjectMapper().readTree(wire);
        assertEquals("SM4-CBC", env.path("encrypted").asText());
        byte[] all = Base64.getDecoder().decode(env.path("data").asText());
        byte[] iv = Arrays.copyOf(all, 16);
        byte[] ct = Arrays.copyOfRange(all, 16, all.length);
        assertEquals(0, ct.length % 16, "whole blocks");
        assertArrayEquals(json, PayloadCodec.sm4Cbc(false, key, iv, ct));
        assertFalse(new String(wire, StandardCharsets.UTF_8).contains("370612000101"), "nothing of the body shows");
        assertNotEquals(env.path("data").asText(), new ObjectMapper().readTree(codec.encode(json)).path("data").asText(),
                "a fresh IV each time");
        byte[] wrong = HEX.parseHex("ffeeddccbbaa99887766554433221100");
        assertThrows(IllegalArgumentException.class, () -> {
            byte[] out = PayloadCodec.sm4Cbc(false, wrong, iv, ct);
            if (!Arrays.equals(out, json)) throw new IllegalArgumentException("garbage");
        });
    }

    @Test
    void withoutAKeyThePayloadIsTheJsonItself() {
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(json, new PayloadCodec(new byte[0]).encode(json));
    }

    @Test
    void theSignatureIsAnHmacSha256OfMethodPathTimeNonceAndBodyDigest() throws Exception {
        byte[] secret = "a-secret-of-sixteen+".getBytes(StandardCharsets.UTF_8);
        byte[] body = "{\"x\":1}".getBytes(StandardCharsets.UTF_8);
        RequestSigner signer = new RequestSigner("hmac-sha256", secret);
        String sig = signer.sign("POST", "/api/realtime", 1_700_000_000_000L, "00ff", body);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        String canonical = "POST\n/api/realtime\n1700000000000\n00ff\n"
                + HEX.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        assertEquals(Base64.getEncoder().encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8))), sig);

        assertNotEquals(sig, signer.sign("POST", "/api/alarm", 1_700_000_000_000L, "00ff", body), "bound to the path");
        assertNotEquals(sig, signer.sign("POST", "/api/realtime", 1_700_000_000_000L, "00ff", "{\"x\":2}".getBytes()),
                "bound to the body");
        String sm3 = new RequestSigner("hmac-sm3", secret).sign("POST", "/api/realtime", 1_700_000_000_000L, "00ff", body);
        assertEquals(32, Base64.getDecoder().decode(sm3).length);
        assertNotEquals(sig, sm3);
        assertTrue(signer.nonce().matches("[0-9a-f]{32}"));
        assertNotEquals(signer.nonce(), signer.nonce());
    }
}
