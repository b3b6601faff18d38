/**
 * Sparkplug B edge nodes as data loggers: the gateway is their host application. Births (NBIRTH,
 * DBIRTH) declare metric aliases and current values, data messages (NDATA, DDATA) carry values by
 * alias, deaths (NDEATH, DDEATH) are the logger going offline; bdSeq and seq are checked and a gap or
 * data before a birth makes the gateway ask the node to rebirth (NCMD {@code Node Control/Rebirth}).
 * Payloads are decoded with Eclipse Tahu's Sparkplug B protobuf classes. May use {@code ingest},
 * {@code mqtt} (its seams, to publish rebirth requests), {@code record} and {@code config}.
 */
package io.hazardgate.southbound.sparkplug;
