package io.hazardgate.southbound.opcua;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * A real OPC UA server from Eclipse Milo's server SDK on loopback, standing in for a PLC or DCS: one
 * namespace ({@link #ns()}) of Double variables {@code s=<name>} whose values and status codes the test
 * sets. Anonymous login, or a user and password when given.
 */
final class OpcUaTestServer implements AutoCloseable {
    static final String NAMESPACE = "urn:hazardgate:test:plc";

    private final OpcUaServer server;
    private final OpcTcpServerTransport transport;
    private final Plc namespace;
    private final int port;

    private OpcUaTestServer(int bindPort, String user, String password, List<String> variables) throws Exception {
        EndpointConfig endpoint = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress("127.0.0.1")
                .setBindPort(bindPort)
                .setHostname("plc.invalid") // advertised, never resolved: the gateway goes to its configured host
                .setPath("/plc")
                .setSecurityPolicy(SecurityPolicy.None)
                .setSecurityMode(MessageSecurityMode.None)
                .addTokenPolicies(user == null ? OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS
                        // no server certificate here, so the password travels as sent: loopback only
                        : new UserTokenPolicy("username", UserTokenType.UserName, null, null, SecurityPolicy.None.getUri()))
                .build();
        IdentityValidator identity = user == null
                ? new AnonymousIdentityValidator()
                : new CompositeValidator(new UsernameIdentityValidator(c -> user.equals(c.getUsername()) && password.equals(c.getPassword())));
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri("urn:hazardgate:test:plc")
                .setProductUri("urn:hazardgate:test")
                .setApplicationName(LocalizedText.english("test PLC"))
                .setEndpoints(Set.of(endpoint))
                .setIdentityValidator(identity)
                .build();
        transport = new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build());
        server = new OpcUaServer(config, profile -> transport);
        namespace = new Plc(server, variables);
        namespace.startup();
        server.startup().get(20, TimeUnit.SECONDS);
        port = boundPort(transport);
    }

    /** A server on an ephemeral port with {@code variables} (initial value 0). */
    static OpcUaTestServer start(String user, String password, String... variables) throws Exception {
        return new OpcUaTestServer(0, user, password, List.of(variables));
    }

    /** A new server on {@code port} (a restart: no sessions or subscriptions survive). */
    static OpcUaTestServer restart(int port, String... variables) throws Exception {
        return new OpcUaTestServer(port, null, null, List.of(variables));
    }

    int port() { return port; }

    /** The namespace index of the variables, as node ids in a site file name it ({@code ns=N;s=name}). */
    int ns() { return namespace.getNamespaceIndex().intValue(); }

    String endpoint() { return "opc.tcp://127.0.0.1:" + port + "/plc"; }

    void set(String variable, double value) {
        namespace.nodes.get(variable).setValue(new DataValue(new Variant(value), StatusCode.GOOD, DateTime.now()));
    }

    void setStatus(String variable, StatusCode status) {
        namespace.nodes.get(variable).setValue(new DataValue(Variant.NULL_VALUE, status, DateTime.now()));
    }

    @Override
    public void close() throws Exception {
        namespace.shutdown();
        server.shutdown().get(20, TimeUnit.SECONDS);
    }

    /** The transport binds with Netty and does not say where: its channel does. */
    @SuppressWarnings("unchecked")
    private static int boundPort(OpcTcpServerTransport t) throws Exception {
        java.lang.reflect.Field f = OpcTcpServerTransport.class.getDeclaredField("channelReferences");
        f.setAccessible(true);
        for (Channel c : (Set<Channel>) f.get(t)) return ((InetSocketAddress) c.localAddress()).getPort();
        throw new IllegalStateException("the OPC UA server is not bound");
    }

    private static final class Plc extends ManagedNamespaceWithLifecycle {
        final Map<String, UaVariableNode> nodes = new ConcurrentHashMap<>();
        private final SubscriptionModel subscriptions;

        Plc(OpcUaServer server, List<String> variables) {
            super(server, NAMESPACE);
            subscriptions = new SubscriptionModel(server, this);
            getLifecycleManager().addLifecycle(subscriptions);
            getLifecycleManager().addStartupTask(() -> {
                for (String name : variables) {
                    UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                            .setNodeId(newNodeId(name))
                            .setBrowseName(newQualifiedName(name))
                            .setDisplayName(LocalizedText.english(name))
                            .setDataType(NodeIds.Double)
                            .setTypeDefinition(NodeIds.BaseDataVariableType)
                            .build();
                    node.setValue(new DataValue(new Variant(0.0)));
                    getNodeManager().addNode(node);
                    nodes.put(name, node);
                }
            });
        }

        @Override public void onDataItemsCreated(List<DataItem> items) { subscriptions.onDataItemsCreated(items); }

        @Override public void onDataItemsModified(List<DataItem> items) { subscriptions.onDataItemsModified(items); }

        @Override public void onDataItemsDeleted(List<DataItem> items) { subscriptions.onDataItemsDeleted(items); }

        @Override public void onMonitoringModeChanged(List<MonitoredItem> items) { subscriptions.onMonitoringModeChanged(items); }
    }
}
