/**
 * Cluster mode on Apache Kafka (KRaft): no single machine between a sensor and its alarm. The
 * readings topic, partitioned by site, carries every accepted reading and every operator command in one
 * order per site; the alarm tier is a consumer group that evaluates each partition with a
 * {@link io.hazardgate.alarm.PartitionEngine} and writes the alarm events, the partition's state
 * changelog and the offsets it consumed in one Kafka transaction; the control-room feed and the store
 * writer read the committed result. Membership, partition ownership, fencing and replication are
 * Kafka's: there is no clustering protocol here.
 *
 * <p>May use {@code alarm}, {@code store}, {@code plant}, {@code record} and {@code config}; only the
 * wiring uses it. Knows nothing of Netty, MQTT or HTTP.
 */
package io.hazardgate.cluster;
