package io.hazardgate.cluster;

import io.hazardgate.config.ClusterSettings;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Client properties of every Kafka client a node makes, from its cluster settings. */
final class KafkaClients {
    private KafkaClients() {}

    static Properties common(ClusterSettings s, String clientId) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        // a broker that restarts should be found again quickly
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        p.put(CommonClientConfigs.METADATA_MAX_AGE_CONFIG, "10000");
        return p;
    }

    /** acks=all and idempotence: a reading is acknowledged only once every in-sync copy has it. */
    static Properties producer(ClusterSettings s, String clientId) {
        Properties p = common(s, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** Readers of what the alarm tier committed: never an aborted transaction's records. */
    static Properties consumer(ClusterSettings s, String clientId) {
        Properties p = common(s, clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    /** A member of a consumer group under the broker-driven protocol (KIP-848): the broker's timeouts apply. */
    static Properties groupMember(ClusterSettings s, String clientId, String group) {
        Properties p = consumer(s, clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        return p;
    }
}
