package io.hazardgate.southbound.opcua;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigBuilder;
import org.eclipse.milo.opcua.sdk.server.identity.X509IdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.CertificateManager;
import org.eclipse.milo.opcua.stack.core.security.CertificateStore;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
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
 * sets. Anonymous login, or a user and password when given; with a certificate of its own, endpoints
 * with message security only, and login by an X.509 user certificate.
 */
final class OpcUaTestServer implements AutoCloseable {
    static final String NAMESPACE = "urn:hazardgate:test:plc";

    private final OpcUaServer server;
    private final OpcTcpServerTransport transport;
    private final Plc namespace;
    private final int port;

    private OpcUaTestServer(int bindPort, String user, String password, List<String> variables) throws Exception {
        this(bindPort, user, password, null, List.of(new Security(SecurityPolicy.None, MessageSecurityMode.None)), variables);
    }

    /** An endpoint's security policy and mode. */
    record Security(SecurityPolicy policy, MessageSecurityMode mode) {}

    /** The server's own certificate and key, made once per test class (an RSA key takes a while). */
    record ServerIdentity(KeyPair keyPair, X509Certificate certificate) {
        static ServerIdentity create(String name) throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair pair = g.generateKeyPair();
            X509Certificate cert = new SelfSignedCertificateBuilder(pair).setCountryCode("CN")
                    .setCommonName(name)
                    .setApplicationUri("urn:hazardgate:test:plc")
                    .addDnsName("plc.invalid")
                    .addIpAddress("127.0.0.1")
                    .build();
            return new ServerIdentity(pair, cert);
        }
    }

    private OpcUaTestServer(int bindPort, String user, String password, ServerIdentity identityOfServer, List<Security> securities,
                            List<String> variables) throws Exception {
        this(bindPort, user, password, null, identityOfServer, securities, variables);
    }

    private OpcUaTestServer(int bindPort, String user, String password, X509Certificate userCertificate, ServerIdentity own,
                            List<Security> securities, List<String> variables) throws Exception {
        Set<EndpointConfig> endpoints = new java.util.HashSet<>();
        for (Security sec : securities) {
            EndpointConfig.Builder b = EndpointConfig.newBuilder()
                    .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                    .setBindAddress("127.0.0.1")
                    .setBindPort(bindPort)
                    .setHostname("plc.invalid") // advertised, never resolved: the gateway goes to its configured host
                    .setPath("/plc")
                    .setSecurityPolicy(sec.policy())
                    .setSecurityMode(sec.mode());
            if (own != null) b.setCertificate(own.certificate());
            if (userCertificate != null) b.addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_X509);
            else if (user == null) b.addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
            else if (sec.policy() == SecurityPolicy.None) {
                // no server certificate here, so the password travels as sent: loopback only
                b.addTokenPolicy(new UserTokenPolicy("username", UserTokenType.UserName, null, null, SecurityPolicy.None.getUri()));
            } else {
                b.addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME);
            }
            endpoints.add(b.build());
        }
        IdentityValidator identity;
        if (userCertificate != null) {
            identity = new X509IdentityValidator(c -> c.equals(userCertificate));
        } else if (user == null) {
            identity = new AnonymousIdentityValidator();
        } else {
            identity = new CompositeValidator(new UsernameIdentityValidator(c -> user.equals(c.getUsername()) && password.equals(c.getPassword())));
        }
        OpcUaServerConfigBuilder config = OpcUaServerConfig.builder()
                .setApplicationUri("urn:hazardgate:test:plc")
                .setProductUri("urn:hazardgate:test")
                .setApplicationName(LocalizedText.english("test PLC"))
                .setEndpoints(endpoints)
                .setIdentityValidator(identity);
        if (own != null) config.setCertificateManager(certificates(own));
        transport = new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build());
        server = new OpcUaServer(config.build(), profile -> transport);
        namespace = new Plc(server, variables);
        namespace.startup();
        server.startup().get(20, TimeUnit.SECONDS);
        port = boundPort(transport);
    }

    /**
     * The server's certificate and key; the clients it accepts are not what these tests are about, so
     * every client certificate is accepted (a real PLC would ask its administrator to trust the gateway's).
     */
    private static CertificateManager certificates(ServerIdentity own) throws Exception {
        MemoryCertificateStore store = new MemoryCertificateStore();
        store.set(NodeIds.RsaSha256ApplicationCertificateType,
                new CertificateStore.Entry(own.keyPair().getPrivate(), new X509Certificate[] {own.certificate()}));
        CertificateValidator anyClient = (chain, uri, hosts) -> {};
        RsaSha256CertificateFactory factory = new RsaSha256CertificateFactory() {
            @Override
            protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) {
                return new X509Certificate[] {own.certificate()};
            }
        };
        DefaultApplicationGroup group = DefaultApplicationGroup.createAndInitialize(new MemoryTrustListManager(), store, factory, anyClient);
        return new DefaultCertificateManager(new MemoryCertificateQuarantine(), group);
    }

    /** A server with only the given endpoints (all at {@code /plc}), anonymous login. */
    static OpcUaTestServer secured(ServerIdentity own, List<Security> securities, String... variables) throws Exception {
        return new OpcUaTestServer(0, null, null, null, own, securities, List.of(variables));
    }

    /** As {@link #secured}, on {@code port} (a server started again where the gateway already looks). */
    static OpcUaTestServer securedAt(int port, ServerIdentity own, List<Security> securities, String... variables) throws Exception {
        return new OpcUaTestServer(port, null, null, null, own, securities, List.of(variables));
    }

    /** A server that takes only an X.509 user token of {@code userCertificate}, on the given endpoints. */
    static OpcUaTestServer withUserCertificate(ServerIdentity own, List<Security> securities, X509Certificate userCertificate,
                                               String... variables) throws Exception {
        return new OpcUaTestServer(0, null, null, userCertificate, own, securities, List.of(variables));
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

    /** The security policy and mode of each session open now, such as {@code Basic256Sha256/SignAndEncrypt}. */
    List<String> sessionSecurity() {
        return server.getSessionManager().getAllSessions().stream()
                .map(x -> x.getSecurityConfiguration().getSecurityPolicy().name() + "/" + x.getSecurityConfiguration().getSecurityMode())
                .toList();
    }

    /** The certificates clients of the open sessions presented. */
    List<X509Certificate> clientCertificates() {
        return server.getSessionManager().getAllSessions().stream().map(x -> x.getSecurityConfiguration().getClientCertificate()).toList();
    }

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
