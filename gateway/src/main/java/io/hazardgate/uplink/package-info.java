/**
 * Reporting to the supervision platforms (city, province, the national monitoring and early-warning
 * systems): {@link io.hazardgate.uplink.Uplinks} starts one uplink per configured platform, each reading
 * the durable log through its own cursor so an outage delays and never loses, and the regulators'
 * statistics. By role below it: {@code feed} (records to messages), {@code template} (messages to the
 * platform's JSON), {@code transport} (HTTP(S) push, MQTT bridge, signing, SM4), {@code stats}
 * (在线率, 数据完整率, alarms by colour). May use those, {@code store.log}, {@code record} and
 * {@code config}; knows nothing of MQTT ingest, the alarm engine or Netty.
 */
package io.hazardgate.uplink;
