/**
 * How messages reach a platform: a signed HTTP(S) JSON push ({@link io.hazardgate.uplink.transport.HttpTransport},
 * {@link io.hazardgate.uplink.transport.RequestSigner}) or an MQTT bridge to an upstream broker
 * ({@link io.hazardgate.uplink.transport.MqttTransport}), the optional SM4 payload encryption
 * ({@link io.hazardgate.uplink.transport.PayloadCodec}) and TLS from PEM files. May use
 * {@code uplink.feed}, {@code uplink.template} and {@code config}.
 */
package io.hazardgate.uplink.transport;
