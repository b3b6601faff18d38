package io.hazardgate.southbound.opcua;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/** The OPC UA client's meters, in one place (listed in docs/operations.md). */
final class OpcUaMetrics {
    final Counter connected;
    final Counter connectFailed;
    final Counter sessionLost;
    final Counter resubscribed;
    final Counter itemRefused;
    final Counter notifications;
    final Counter refusedUntrusted;
    final Counter refusedNoEndpoint;
    final Counter refusedLogin;

    /** {@code devices} tells how many devices have a session wanted, {@code faulty} how many are faulty now. */
    OpcUaMetrics(MeterRegistry r, Supplier<Number> devices, Supplier<Number> faulty) {
        Gauge.builder("hazardgate.southbound.opcua.devices", devices).tag("state", "configured")
                .description("OPC UA devices configured, and those faulty now").register(r);
        Gauge.builder("hazardgate.southbound.opcua.devices", faulty).tag("state", "faulty")
                .description("OPC UA devices configured, and those faulty now").register(r);
        connected = sessions(r, "connected");
        connectFailed = sessions(r, "connect_failed");
        sessionLost = sessions(r, "lost");
        resubscribed = sessions(r, "resubscribed");
        itemRefused = Counter.builder("hazardgate.southbound.opcua.items.refused")
                .description("Monitored items an OPC UA server refused (unknown node, bad filter)").register(r);
        notifications = Counter.builder("hazardgate.southbound.opcua.notifications")
                .description("Data change notifications received from OPC UA servers").register(r);
        refusedUntrusted = refused(r, "untrusted_server");
        refusedNoEndpoint = refused(r, "no_endpoint");
        refusedLogin = refused(r, "login");
    }

    /**
     * Connections refused for a reason an operator must act on: untrusted_server (the server's certificate
     * is not trusted), no_endpoint (the server offers no endpoint with the device's security policy and
     * mode), login (the server refused the user name or certificate). Each is also a connect_failed.
     */
    private static Counter refused(MeterRegistry r, String reason) {
        return Counter.builder("hazardgate.southbound.opcua.connects.refused").tag("reason", reason)
                .description("OPC UA connections refused for security or login").register(r);
    }

    /**
     * Session events: connected, connect_failed (the next attempt waits longer), lost (a device fault),
     * resubscribed (a new session could not take the subscription over, so it was created again).
     */
    private static Counter sessions(MeterRegistry r, String event) {
        return Counter.builder("hazardgate.southbound.opcua.sessions").tag("event", event)
                .description("OPC UA session events").register(r);
    }
}
