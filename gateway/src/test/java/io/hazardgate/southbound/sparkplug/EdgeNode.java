package io.hazardgate.southbound.sparkplug;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;

/** A Sparkplug B edge node played by a Paho client: births, data by alias, deaths, its own seq. */
public final class EdgeNode implements AutoCloseable {
    public final MqttClient paho;
    final String group;
    final String node;
    final long bdSeq;
    int seq;

    public EdgeNode(String url, String group, String node, long bdSeq) throws Exception {
        this.group = group;
        this.node = node;
        this.bdSeq = bdSeq;
        paho = new MqttClient(url, "edge-" + node + "-" + bdSeq, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        // the will is the node's death certificate, with the bdSeq of the birth to come (Sparkplug 3.0 §7.1)
        o.setWill(topic("NDEATH", ""), Payload.newBuilder().addMetrics(bdSeqMetric()).build().toByteArray(), 1, false);
        paho.connect(o);
    }

    String topic(String type, String device) {
        return "spBv1.0/" + group + "/" + type + "/" + node + (device.isEmpty() ? "" : "/" + device);
    }

    Payload.Metric bdSeqMetric() {
        return Payload.Metric.newBuilder().setName("bdSeq").setDatatype(8).setLongValue(bdSeq).build();
    }

    public static Payload.Metric metric(String name, long alias, double value) {
        return Payload.Metric.newBuilder().setName(name).setAlias(alias).setDatatype(10).setDoubleValue(value).build();
    }

    public static Payload.Metric byAlias(long alias, double value) {
        return Payload.Metric.newBuilder().setAlias(alias).setDoubleValue(value).build();
    }

    public void nbirth(Payload.Metric... metrics) throws Exception {
        seq = 0;
        Payload.Builder p = Payload.newBuilder().setTimestamp(System.currentTimeMillis()).setSeq(0).addMetrics(bdSeqMetric());
        for (Payload.Metric m : metrics) p.addMetrics(m);
        paho.publish(topic("NBIRTH", ""), p.build().toByteArray(), 0, false);
    }

    /** Publishes with the next seq (or {@code skip} more to make a gap). */
    public void send(String type, String device, int skip, Payload.Metric... metrics) throws Exception {
        seq = (seq + 1 + skip) & 0xff;
        Payload.Builder p = Payload.newBuilder().setTimestamp(System.currentTimeMillis()).setSeq(seq);
        for (Payload.Metric m : metrics) p.addMetrics(m);
        paho.publish(topic(type, device), p.build().toByteArray(), type.endsWith("DATA") ? 0 : 1, false);
    }

    public void ndeath(long bd) throws Exception {
        paho.publish(topic("NDEATH", ""), Payload.newBuilder()
                .addMetrics(Payload.Metric.newBuilder().setName("bdSeq").setDatatype(8).setLongValue(bd)).build().toByteArray(), 1, false);
    }

    @Override
    public void close() throws Exception {
        if (paho.isConnected()) paho.disconnect(2000);
        paho.close();
    }
}
