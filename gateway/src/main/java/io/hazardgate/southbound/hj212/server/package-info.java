/**
 * The HJ 212 TCP listener on Netty: framing ({@code ##}, a 4-digit length, the data segment, the CRC,
 * CRLF), the limits that bound every connection, and the data answer written back on the channel.
 * The one southbound package that uses Netty (ArchitectureTest allows it here and nowhere else outside
 * the transport, the HTTP side and the wiring); the protocol itself is in {@code southbound.hj212}.
 */
package io.hazardgate.southbound.hj212.server;
