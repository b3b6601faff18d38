/**
 * How the gateway writes JSON off the hot path ({@link io.hazardgate.wire.JsonWriter}: Jackson, fields in a
 * fixed order). Uses nothing else of the gateway.
 */
package io.hazardgate.wire;
