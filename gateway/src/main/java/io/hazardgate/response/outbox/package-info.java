/**
 * The notification outbox's file: checksummed, forced records, read back whole after a crash. Knows
 * nothing of what the records mean; uses only the JDK.
 */
package io.hazardgate.response.outbox;
