package io.hazardgate.uplink.transport;

import io.hazardgate.wire.JsonWriter;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The payload as it travels: the rendered JSON as is, or encrypted with SM4 (GB/T 32907-2016, the
 * block cipher the provincial specifications name) in CBC mode with PKCS#7 padding and a fresh random
 * IV per message, sent as {@code {"encrypted":"SM4-CBC","data":"<base64 of IV followed by ciphertext>"}}.
 * The request signature (HTTP) covers what is sent, so a tampered ciphertext is refused before it is
 * decrypted. BouncyCastle's lightweight API is used directly, so no JCE provider is installed.
 */
public final class PayloadCodec {
    private static final int BLOCK = 16;
    private final byte[] sm4Key;
    private final SecureRandom random = new SecureRandom();

    /** @param sm4Key 16 bytes, or empty for plain JSON */
    public PayloadCodec(byte[] sm4Key) {
        this.sm4Key = sm4Key.clone();
    }

    public boolean encrypts() { return sm4Key.length > 0; }

    /** What goes on the wire for a rendered body. */
    public byte[] encode(byte[] json) {
        if (!encrypts()) return json;
        byte[] iv = new byte[BLOCK];
        random.nextBytes(iv);
        byte[] ct = sm4Cbc(true, sm4Key, iv, json);
        byte[] all = new byte[BLOCK + ct.length];
        System.arraycopy(iv, 0, all, 0, BLOCK);
        System.arraycopy(ct, 0, all, BLOCK, ct.length);
        String data = Base64.getEncoder().encodeToString(all);
        return JsonWriter.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("encrypted", "SM4-CBC");
            g.writeStringField("data", data);
            g.writeEndObject();
        });
    }

    /** SM4-CBC with PKCS#7 padding, either way. */
    public static byte[] sm4Cbc(boolean encrypt, byte[] key, byte[] iv, byte[] in) {
        PaddedBufferedBlockCipher c = new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(new SM4Engine()), new PKCS7Padding());
        c.init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
        byte[] out = new byte[c.getOutputSize(in.length)];
        int n = c.processBytes(in, 0, in.length, out, 0);
        try {
            n += c.doFinal(out, n);
        } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
            throw new IllegalArgumentException("SM4: " + e.getMessage(), e);
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** One SM4 block, for checking the engine against the standard's test vector. */
    static byte[] sm4Block(byte[] key, byte[] block) {
        SM4Engine e = new SM4Engine();
        e.init(true, new KeyParameter(key));
        byte[] out = new byte[BLOCK];
        e.processBlock(block, 0, out, 0);
        return out;
    }
}
