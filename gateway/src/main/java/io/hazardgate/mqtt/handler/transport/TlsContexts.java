package io.hazardgate.mqtt.handler.transport;

import io.hazardgate.mqtt.MqttListener;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.SSLException;

/**
 * Builds a listener's server TLS context from its PEM files: certificate chain and PKCS#8 key, and,
 * when a client CA is given, client-certificate verification (optional or required).
 */
public final class TlsContexts {
    private TlsContexts() {}

    /** @throws IllegalStateException naming the files when they cannot be used */
    public static SslContext server(MqttListener.TlsOptions tls) {
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(tls.certChain().toFile(), tls.privateKey().toFile())
                    .protocols("TLSv1.3", "TLSv1.2");
            if (tls.clientCa() != null) {
                builder.trustManager(tls.clientCa().toFile())
                        .clientAuth(tls.requireClientCert() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot use TLS certificate " + tls.certChain() + " with key "
                    + tls.privateKey() + (tls.clientCa() == null ? "" : " and client CA " + tls.clientCa())
                    + ": " + e.getMessage(), e);
        }
    }
}
