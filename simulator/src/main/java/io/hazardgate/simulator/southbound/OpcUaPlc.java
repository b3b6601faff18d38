package io.hazardgate.simulator.southbound;

import io.hazardgate.config.device.OpcUaDevice;
import io.hazardgate.simulator.telemetry.Reading;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * A PLC or DCS played as the OPC UA server the gateway subscribes to (Eclipse Milo's server SDK): bound
 * where the device's endpoint says, with a Double variable at each point's node id, written from each
 * sampled message through the point's scale and offset, so the gateway reads back what was sampled. A
 * reading that is a fault sets the node's status to Bad_SensorFailure. The login the site file gives
 * (or anonymous) is the one accepted.
 */
final class OpcUaPlc implements AutoCloseable {
    private final OpcUaServer server;
    private final OpcTcpServerTransport transport;
    private final List<Namespace> namespaces = new ArrayList<>();
    private final Map<String, UaVariableNode> byTag = new HashMap<>();
    private final Map<String, OpcUaDevice.OpcUaPoint> points = new HashMap<>();
    private final int port;

    OpcUaPlc(OpcUaDevice device) throws Exception {
        if (device.secure() || device.login() == OpcUaDevice.Login.CERTIFICATE) {
            throw new IllegalArgumentException("the simulator plays OPC UA servers without message security or certificate login: "
                    + "give the device " + device.endpoint() + " 'security: {policy: None}' and a username or none to simulate it");
        }
        URI uri = URI.create(device.endpoint());
        UserTokenPolicy login = device.username() == null ? OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS
                // the simulator has no certificate: the password travels as sent (loopback and demos only)
                : new UserTokenPolicy("username", UserTokenType.UserName, null, null, SecurityPolicy.None.getUri());
        EndpointConfig endpoint = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress(uri.getHost())
                .setBindPort(uri.getPort() < 0 ? 4840 : uri.getPort())
                .setHostname(uri.getHost())
                .setPath(uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath())
                .setSecurityPolicy(SecurityPolicy.None)
                .setSecurityMode(MessageSecurityMode.None)
                .addTokenPolicy(login)
                .build();
        IdentityValidator identity = device.username() == null ? new AnonymousIdentityValidator()
                : new UsernameIdentityValidator(c -> device.username().equals(c.getUsername()) && device.password().equals(c.getPassword()));
        OpcTcpServerTransport tcp = new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build());
        transport = tcp;
        server = new OpcUaServer(OpcUaServerConfig.builder()
                .setApplicationUri("urn:hazardgate:simulator:plc")
                .setProductUri("urn:hazardgate:simulator")
                .setApplicationName(LocalizedText.english("HazardGate simulator PLC"))
                .setEndpoints(Set.of(endpoint))
                .setIdentityValidator(identity)
                .build(), profile -> tcp);
        // the site file names nodes by namespace index: namespaces are registered until each index it names exists
        TreeMap<Integer, List<OpcUaDevice.OpcUaPoint>> byIndex = new TreeMap<>();
        for (OpcUaDevice.OpcUaPoint p : device.points()) {
            NodeId id = NodeId.parse(p.nodeId());
            byIndex.computeIfAbsent(id.getNamespaceIndex().intValue(), k -> new ArrayList<>()).add(p);
            points.put(p.tag(), p);
        }
        int n = 0;
        while (namespaces.isEmpty() || namespaces.get(namespaces.size() - 1).getNamespaceIndex().intValue() < byIndex.lastKey()) {
            Namespace ns = new Namespace(server, "urn:hazardgate:simulator:ns" + n++);
            namespaces.add(ns);
        }
        for (Map.Entry<Integer, List<OpcUaDevice.OpcUaPoint>> e : byIndex.entrySet()) {
            Namespace ns = namespaces.stream().filter(x -> x.getNamespaceIndex().intValue() == e.getKey()).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the simulator's OPC UA server serves namespaces from index "
                            + namespaces.get(0).getNamespaceIndex() + ", not " + e.getKey()));
            ns.points.addAll(e.getValue());
        }
        for (Namespace ns : namespaces) ns.startup();
        server.startup().get(30, TimeUnit.SECONDS);
        for (Namespace ns : namespaces) byTag.putAll(ns.nodes);
        port = boundPort();
    }

    /** Writes a message's readings into the variables the gateway subscribes to. */
    void write(TelemetryBatch batch) {
        for (Reading r : batch.readings()) {
            UaVariableNode node = byTag.get(r.tag());
            if (node == null) continue;
            OpcUaDevice.OpcUaPoint p = points.get(r.tag());
            boolean fault = !Double.isFinite(r.value()) || r.quality() == io.hazardgate.simulator.telemetry.Quality.BAD;
            long ts = r.ts() == Reading.MESSAGE_TS ? batch.ts() : r.ts();
            DateTime source = new DateTime(java.time.Instant.ofEpochMilli(ts));
            node.setValue(fault
                    ? new DataValue(Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_SensorFailure), source)
                    : new DataValue(new Variant((r.value() - p.offset()) / p.scale()), StatusCode.GOOD, source));
        }
    }

    /** The port it listens on (the configured one, or the one bound for port 0). */
    int port() { return port; }

    @Override
    public void close() throws Exception {
        for (Namespace ns : namespaces) ns.shutdown();
        server.shutdown().get(30, TimeUnit.SECONDS);
    }

    /** The transport binds with Netty and does not say where: its channel does. */
    @SuppressWarnings("unchecked")
    private int boundPort() throws Exception {
        java.lang.reflect.Field f = OpcTcpServerTransport.class.getDeclaredField("channelReferences");
        f.setAccessible(true);
        for (Channel c : (Set<Channel>) f.get(transport)) return ((InetSocketAddress) c.localAddress()).getPort();
        throw new IllegalStateException("the OPC UA server is not bound");
    }

    private static final class Namespace extends ManagedNamespaceWithLifecycle {
        final List<OpcUaDevice.OpcUaPoint> points = new ArrayList<>();
        final Map<String, UaVariableNode> nodes = new HashMap<>();
        private final SubscriptionModel subscriptions;

        Namespace(OpcUaServer server, String uri) {
            super(server, uri);
            subscriptions = new SubscriptionModel(server, this);
            getLifecycleManager().addLifecycle(subscriptions);
            getLifecycleManager().addStartupTask(() -> {
                for (OpcUaDevice.OpcUaPoint p : points) {
                    NodeId id = NodeId.parse(p.nodeId());
                    UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                            .setNodeId(id)
                            .setBrowseName(newQualifiedName(p.tag()))
                            .setDisplayName(LocalizedText.english(p.tag()))
                            .setDataType(NodeIds.Double)
                            .setTypeDefinition(NodeIds.BaseDataVariableType)
                            .build();
                    node.setValue(new DataValue(new Variant(0.0)));
                    getNodeManager().addNode(node);
                    nodes.put(p.tag(), node);
                }
            });
        }

        @Override public void onDataItemsCreated(List<DataItem> items) { subscriptions.onDataItemsCreated(items); }

        @Override public void onDataItemsModified(List<DataItem> items) { subscriptions.onDataItemsModified(items); }

        @Override public void onDataItemsDeleted(List<DataItem> items) { subscriptions.onDataItemsDeleted(items); }

        @Override public void onMonitoringModeChanged(List<MonitoredItem> items) { subscriptions.onMonitoringModeChanged(items); }
    }
}
