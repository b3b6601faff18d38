/**
 * HJ 212-2017, the data transmission standard of China's pollution-source and environmental online
 * monitoring, which many dam and environmental data loggers speak: the CRC, the data segment's fields
 * ({@link io.hazardgate.southbound.hj212.Hj212Packet}), the accounts that MN and PW are checked against,
 * and what a packet's data becomes ({@link io.hazardgate.southbound.hj212.Hj212Ingest}). Netty-free: the
 * TCP listener is {@code southbound.hj212.server}. May use {@code ingest}, {@code record} and
 * {@code config}.
 */
package io.hazardgate.southbound.hj212;
