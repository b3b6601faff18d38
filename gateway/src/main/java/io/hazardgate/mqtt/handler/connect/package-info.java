/**
 * CONNECT and DISCONNECT: authentication, session takeover, wills, keep-alive. May use the {@code mqtt}
 * seams, {@code mqtt.auth}, {@code mqtt.broker} and {@code mqtt.connection}.
 */
package io.hazardgate.mqtt.handler.connect;
