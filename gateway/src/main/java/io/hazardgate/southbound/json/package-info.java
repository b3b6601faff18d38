/**
 * JSON payload profiles: a device's own JSON shape, declared in its site file, read into the same
 * record the gateway's JSON becomes. May use {@code ingest}, {@code record} and {@code config}.
 */
package io.hazardgate.southbound.json;
