package io.hazardgate.southbound.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.hazardgate.config.device.OpcUaDevice;
import io.hazardgate.ingest.ReadingBuilder;
import io.hazardgate.ingest.ReadingIntake;
import io.hazardgate.record.Quality;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.identity.X509IdentityProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OPC UA device: its client, its session and its subscription. Connecting and creating the
 * subscription run on the subscriptions' scheduler; notifications arrive on the client's threads and
 * become one record per publish. Milo's client keeps the session alive and reconnects by itself once
 * connected; before that (a server down at start) this class retries with a doubling wait.
 *
 * <p>The channel uses exactly the device's security policy and mode: a server without such an endpoint,
 * a server certificate not trusted explicitly ({@link ServerTrust}) and a refused login are device
 * faults that say what to change, counted by reason.
 */
final class OpcUaSubscriber {
    private static final Logger log = LoggerFactory.getLogger(OpcUaSubscriber.class);
    /** One request's timeout: a server that does not answer within it counts as unreachable. */
    private static final int REQUEST_TIMEOUT_MS = 5_000;

    private final String site;
    private final String device;
    private final OpcUaDevice config;
    private final ReadingIntake intake;
    private final OpcUaMetrics metrics;
    private final ScheduledExecutorService scheduler;
    private final URI endpoint;
    private final ClientPki pki;
    private final ServerTrust trust;
    /** What the server offered at the last discovery, for the fault when nothing matches. */
    private volatile List<EndpointDescription> offered = List.of();
    private volatile OpcUaClient client;
    private volatile OpcUaSubscription subscription;
    private volatile boolean faulty;
    private volatile String faultReason;
    private volatile boolean closed;
    private long backoffMs = OpcUaDevice.FIRST_RECONNECT.toMillis();

    OpcUaSubscriber(String site, String device, OpcUaDevice config, ReadingIntake intake, OpcUaMetrics metrics,
                    ScheduledExecutorService scheduler, ClientPki pki) {
        this.site = site;
        this.device = device;
        this.config = config;
        this.intake = intake;
        this.metrics = metrics;
        this.scheduler = scheduler;
        this.endpoint = URI.create(config.endpoint());
        this.pki = pki;
        this.trust = pki.trust(config.serverThumbprint());
    }

    OpcUaDevice config() { return config; }

    String key() { return site + "/" + device; }

    boolean faulty() { return faulty; }

    void start() {
        scheduler.execute(this::connect);
    }

    void close() {
        closed = true;
        OpcUaClient c = client;
        if (c != null) c.disconnectAsync();
    }

    private void connect() {
        if (closed) return;
        OpcUaClient c = null;
        try {
            // a channel without security needs no certificate of the gateway
            ApplicationCertificate own = config.secure() ? pki.applicationCertificate() : null;
            IdentityProvider identity = identity();
            offered = List.of();
            trust.clearRefusal();
            c = OpcUaClient.create(config.endpoint(), this::endpoint, transport -> {}, cfg -> {
                cfg.setApplicationName(LocalizedText.english("HazardGate"))
                        .setApplicationUri(own == null ? "urn:hazardgate:gateway" : own.applicationUri())
                        .setProductUri("urn:hazardgate")
                        .setCertificateValidator(trust)
                        .setRequestTimeout(uint(REQUEST_TIMEOUT_MS))
                        .setIdentityProvider(identity);
                if (own != null) {
                    cfg.setKeyPair(own.keyPair())
                            .setCertificate(own.certificate())
                            .setCertificateChain(new X509Certificate[] {own.certificate()});
                }
            });
            c.connect();
            if (closed) {
                c.disconnectAsync();
                return;
            }
            client = c;
            c.addSessionActivityListener(new SessionActivityListener() {
                @Override
                public void onSessionActive(UaSession session) {
                    online();
                }

                @Override
                public void onSessionInactive(UaSession session) {
                    if (closed) return;
                    metrics.sessionLost.increment();
                    String untrusted = trust.refusal(); // a server come back with another certificate
                    fault("session with " + config.endpoint() + " lost; reconnecting" + (untrusted == null ? "" : " (" + untrusted + ")"));
                }
            });
            subscribe(c);
            metrics.connected.increment();
            backoffMs = OpcUaDevice.FIRST_RECONNECT.toMillis();
            log.info("OPC UA device {} subscribed to {} nodes at {} ({}/{})", key(), config.points().size(), config.endpoint(),
                    config.policy(), config.mode());
            online();
        } catch (Exception e) {
            metrics.connectFailed.increment();
            if (c != null) c.disconnectAsync();
            client = null;
            String why = why(e);
            fault(why + "; next attempt in " + backoffMs + " ms", why);
            if (!closed) scheduler.schedule(this::connect, backoffMs, TimeUnit.MILLISECONDS);
            backoffMs = Math.min(backoffMs * 2, config.reconnectMax().toMillis());
        }
    }

    /** The fault's text for a failed connection, the refusal counted by its reason. */
    private String why(Exception e) {
        String untrusted = trust.refusal();
        if (untrusted != null) {
            metrics.refusedUntrusted.increment();
            return "refused the server at " + config.endpoint() + ": " + untrusted;
        }
        List<EndpointDescription> seen = offered;
        if (!seen.isEmpty() && matching(seen).isEmpty()) {
            metrics.refusedNoEndpoint.increment();
            return "the server at " + config.endpoint() + " offers no endpoint with security policy " + config.policy() + " and mode "
                    + config.mode() + " (it offers " + describe(seen) + ")"
                    + (config.secure() ? "" : "; the gateway never falls back from None to another policy or back");
        }
        long status = status(e);
        if (status == StatusCodes.Bad_IdentityTokenRejected || status == StatusCodes.Bad_IdentityTokenInvalid
                || status == StatusCodes.Bad_UserAccessDenied || status == StatusCodes.Bad_UserSignatureInvalid) {
            metrics.refusedLogin.increment();
            return "the server at " + config.endpoint() + " refused the login (" + login() + "): " + cause(e);
        }
        return "cannot connect to " + config.endpoint() + " (" + cause(e) + ")";
    }

    private String login() {
        return switch (config.login()) {
            case ANONYMOUS -> "anonymous";
            case USERNAME -> "user " + config.username();
            case CERTIFICATE -> "user certificate " + config.userCertificate();
        };
    }

    /**
     * The endpoint with the device's security policy and mode, never another (no silent downgrade), reached
     * at the configured host and port (servers often advertise a host name the gateway cannot resolve).
     */
    private Optional<EndpointDescription> endpoint(List<EndpointDescription> offered) {
        this.offered = List.copyOf(offered);
        int port = endpoint.getPort() < 0 ? 4840 : endpoint.getPort();
        return matching(offered).map(e -> EndpointUtil.updateUrl(e, endpoint.getHost(), port));
    }

    private Optional<EndpointDescription> matching(List<EndpointDescription> offered) {
        String policy = SecurityPolicy.valueOf(config.policy().name()).getUri();
        MessageSecurityMode mode = MessageSecurityMode.valueOf(config.mode().name());
        UserTokenType token = switch (config.login()) {
            case ANONYMOUS -> UserTokenType.Anonymous;
            case USERNAME -> UserTokenType.UserName;
            case CERTIFICATE -> UserTokenType.Certificate;
        };
        List<EndpointDescription> secure = offered.stream()
                .filter(e -> policy.equals(e.getSecurityPolicyUri()) && mode == e.getSecurityMode())
                .toList();
        // among those, one that takes the device's kind of login, if any (otherwise the server says no)
        return secure.stream()
                .filter(e -> e.getUserIdentityTokens() != null
                        && java.util.Arrays.stream(e.getUserIdentityTokens()).anyMatch(t -> t.getTokenType() == token))
                .findFirst()
                .or(() -> secure.stream().findFirst());
    }

    private static String describe(List<EndpointDescription> offered) {
        return offered.stream()
                .map(e -> SecurityPolicy.fromUriSafe(e.getSecurityPolicyUri()).map(Enum::name).orElse(e.getSecurityPolicyUri())
                        + "/" + e.getSecurityMode())
                .distinct().sorted().collect(java.util.stream.Collectors.joining(", "));
    }

    private IdentityProvider identity() throws java.io.IOException {
        return switch (config.login()) {
            case ANONYMOUS -> new AnonymousProvider();
            case USERNAME -> new UsernameProvider(config.username(), config.password());
            case CERTIFICATE -> new X509IdentityProvider(Pem.certificate(config.userCertificate()), Pem.privateKey(config.userKey()));
        };
    }

    /** Creates the subscription and its items; an item the server refuses is reported, the others go on. */
    private void subscribe(OpcUaClient c) throws Exception {
        OpcUaSubscription s = new OpcUaSubscription(c, (double) config.publishingInterval().toMillis());
        Map<OpcUaMonitoredItem, OpcUaDevice.OpcUaPoint> points = new IdentityHashMap<>();
        List<OpcUaMonitoredItem> items = new ArrayList<>();
        for (OpcUaDevice.OpcUaPoint p : config.points()) {
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(NodeId.parse(p.nodeId()));
            item.setSamplingInterval(p.sampling().toMillis());
            if (p.deadband() > 0) {
                item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValue, uint(DeadbandType.Absolute.getValue()), p.deadband()));
            }
            points.put(item, p);
            items.add(item);
        }
        s.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
            @Override
            public void onDataReceived(OpcUaSubscription sub, List<OpcUaMonitoredItem> changed, List<DataValue> values) {
                deliver(points, changed, values);
            }

            @Override
            public void onTransferFailed(OpcUaSubscription sub, StatusCode status) {
                // the new session could not take the subscription over (a restarted server): create it again
                metrics.resubscribed.increment();
                log.info("OPC UA device {}: subscription not transferred ({}); creating it again", key(), status);
                scheduler.execute(() -> resubscribe(c));
            }
        });
        s.create();
        s.addMonitoredItems(items);
        try {
            s.synchronizeMonitoredItems();
        } catch (org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException e) {
            // reported per item below
        }
        for (OpcUaMonitoredItem item : items) {
            StatusCode result = item.getCreateResult().orElse(StatusCode.BAD);
            if (!result.isGood()) {
                metrics.itemRefused.increment();
                log.warn("OPC UA device {}: the server refused node {} of tag {}: {}", key(), points.get(item).nodeId(),
                        points.get(item).tag(), result);
            }
        }
        subscription = s;
    }

    private void resubscribe(OpcUaClient c) {
        if (closed || client != c) return;
        try {
            subscribe(c);
            online();
        } catch (Exception e) {
            fault("cannot create the subscription again (" + cause(e) + ")");
            scheduler.schedule(() -> resubscribe(c), backoffMs, TimeUnit.MILLISECONDS);
        }
    }

    private void deliver(Map<OpcUaMonitoredItem, OpcUaDevice.OpcUaPoint> points, List<OpcUaMonitoredItem> changed,
                         List<DataValue> values) {
        if (closed) return;
        metrics.notifications.increment(values.size());
        intake.submit(site, device, b -> {
            for (int i = 0; i < changed.size(); i++) {
                OpcUaDevice.OpcUaPoint p = points.get(changed.get(i));
                if (p != null) add(b, p, values.get(i));
            }
        }, ReadingIntake.Outcome.NONE);
    }

    /** A node's status code is the reading's quality; Bad, or a value that is not a number, is a fault. */
    static void add(ReadingBuilder b, OpcUaDevice.OpcUaPoint p, DataValue v) {
        long ts = ReadingBuilder.NO_TIMESTAMP;
        DateTime source = v.getSourceTime();
        if (source != null && source.isValid()) ts = source.getJavaTime();
        StatusCode status = v.getStatusCode() == null ? StatusCode.GOOD : v.getStatusCode();
        Object value = v.getValue() == null ? null : v.getValue().getValue();
        double number;
        if (value instanceof Number n) number = n.doubleValue();
        else if (value instanceof Boolean bool) number = bool ? 1 : 0;
        else number = Double.NaN;
        if (status.isBad() || Double.isNaN(number)) {
            b.add(p.tag(), ts, Double.NaN, Quality.BAD);
            return;
        }
        b.add(p.tag(), ts, number * p.scale() + p.offset(), status.isUncertain() ? Quality.UNCERTAIN : Quality.GOOD);
    }

    private void online() {
        if (faulty && !closed) {
            faulty = false;
            log.info("OPC UA device {} answers again", key());
            intake.deviceOnline(site, device);
        }
    }

    /** The device is faulty: its points go to no-data at once; said once per fault. */
    private void fault(String why) {
        fault(why, why);
    }

    /**
     * As above; while faulty, a new {@code reason} (the server now reachable but its certificate not
     * trusted, say) is said again at WARN, the same one only at DEBUG.
     */
    private void fault(String why, String reason) {
        if (closed) return;
        if (faulty) {
            if (reason.equals(faultReason)) {
                log.debug("OPC UA device {} still faulty: {}", key(), why);
            } else {
                faultReason = reason;
                log.warn("OPC UA device {} is still faulty, now: {}", key(), why);
            }
            return;
        }
        faulty = true;
        faultReason = reason;
        log.warn("OPC UA device {} is faulty: {}", key(), why);
        intake.deviceOffline(site, device);
    }

    private static long status(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof UaException ua) return ua.getStatusCode().getValue();
        }
        return StatusCodes.Bad_UnexpectedError;
    }

    private static String cause(Throwable e) {
        Throwable c = e;
        while ((c instanceof java.util.concurrent.ExecutionException || c instanceof java.util.concurrent.CompletionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
