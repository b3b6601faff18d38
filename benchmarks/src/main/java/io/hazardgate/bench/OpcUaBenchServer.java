package io.hazardgate.bench;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateStore;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * The OPC UA server of the southbound benchmark (Eclipse Milo's server SDK on loopback): one endpoint
 * without security and one with Basic256Sha256 / SignAndEncrypt, a certificate of its own, and Double
 * variables {@code s=<name>} the benchmark changes. Accepts any client certificate.
 */
final class OpcUaBenchServer implements AutoCloseable {
    private final OpcUaServer server;
    private final Variables namespace;
    private final X509Certificate certificate;
    private final int port;

    OpcUaBenchServer(List<String> names) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        certificate = new SelfSignedCertificateBuilder(pair).setCountryCode("CN").setCommonName("bench PLC")
                .setApplicationUri("urn:hazardgate:bench:plc").addDnsName("localhost").build();
        Set<EndpointConfig> endpoints = Set.of(endpoint(SecurityPolicy.None, MessageSecurityMode.None),
                endpoint(SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt));
        MemoryCertificateStore store = new MemoryCertificateStore();
        store.set(NodeIds.RsaSha256ApplicationCertificateType,
                new CertificateStore.Entry(pair.getPrivate(), new X509Certificate[] {certificate}));
        CertificateValidator anyClient = (chain, uri, hosts) -> {};
        DefaultApplicationGroup group = DefaultApplicationGroup.createAndInitialize(new MemoryTrustListManager(), store,
                new RsaSha256CertificateFactory() {
                    @Override protected X509Certificate[] createRsaSha256CertificateChain(KeyPair k) {
                        return new X509Certificate[] {certificate};
                    }
                }, anyClient);
        OpcTcpServerTransport transport = new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build());
        server = new OpcUaServer(OpcUaServerConfig.builder()
                .setApplicationUri("urn:hazardgate:bench:plc")
                .setProductUri("urn:hazardgate:bench")
                .setApplicationName(LocalizedText.english("bench PLC"))
                .setEndpoints(endpoints)
                .setIdentityValidator(new AnonymousIdentityValidator())
                .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine(), group))
                .build(), profile -> transport);
        namespace = new Variables(server, names);
        namespace.startup();
        server.startup().get(30, TimeUnit.SECONDS);
        port = boundPort(transport);
    }

    private EndpointConfig endpoint(SecurityPolicy policy, MessageSecurityMode mode) {
        return EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress("127.0.0.1")
                .setBindPort(0)
                .setHostname("127.0.0.1")
                .setPath("/plc")
                .setCertificate(() -> certificate)
                .setSecurityPolicy(policy)
                .setSecurityMode(mode)
                .addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                .build();
    }

    String endpoint() { return "opc.tcp://127.0.0.1:" + port + "/plc"; }

    int ns() { return namespace.getNamespaceIndex().intValue(); }

    String thumbprint() throws Exception {
        return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    /** Sets every variable whose name starts with {@code prefix} to {@code value}. */
    void setAll(String prefix, double value) {
        DataValue v = new DataValue(new Variant(value), StatusCode.GOOD, DateTime.now());
        for (UaVariableNode n : namespace.nodes) {
            if (n.getBrowseName().getName().startsWith(prefix)) n.setValue(v);
        }
    }

    @Override
    public void close() throws Exception {
        namespace.shutdown();
        server.shutdown().get(30, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private static int boundPort(OpcTcpServerTransport t) throws Exception {
        java.lang.reflect.Field f = OpcTcpServerTransport.class.getDeclaredField("channelReferences");
        f.setAccessible(true);
        for (Channel c : (Set<Channel>) f.get(t)) return ((InetSocketAddress) c.localAddress()).getPort();
        throw new IllegalStateException("the OPC UA server is not bound");
    }

    private static final class Variables extends ManagedNamespaceWithLifecycle {
        final List<UaVariableNode> nodes = new ArrayList<>();
        private final SubscriptionModel subscriptions;

        Variables(OpcUaServer server, List<String> names) {
            super(server, "urn:hazardgate:bench:plc");
            subscriptions = new SubscriptionModel(server, this);
            getLifecycleManager().addLifecycle(subscriptions);
            getLifecycleManager().addStartupTask(() -> {
                for (String name : names) {
                    UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                            .setNodeId(newNodeId(name))
                            .setBrowseName(newQualifiedName(name))
                            .setDisplayName(LocalizedText.english(name))
                            .setDataType(NodeIds.Double)
                            .setTypeDefinition(NodeIds.BaseDataVariableType)
                            .build();
                    node.setValue(new DataValue(new Variant(0.0)));
                    getNodeManager().addNode(node);
                    nodes.add(node);
                }
            });
        }

        @Override public void onDataItemsCreated(List<DataItem> items) { subscriptions.onDataItemsCreated(items); }

        @Override public void onDataItemsModified(List<DataItem> items) { subscriptions.onDataItemsModified(items); }

        @Override public void onDataItemsDeleted(List<DataItem> items) { subscriptions.onDataItemsDeleted(items); }

        @Override public void onMonitoringModeChanged(List<MonitoredItem> items) { subscriptions.onMonitoringModeChanged(items); }
    }
}
