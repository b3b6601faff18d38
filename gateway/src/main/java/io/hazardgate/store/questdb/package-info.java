/**
 * The embedded QuestDB that is the default store: starting it inside the gateway's JVM, its schema
 * (tables, deduplication, retention), kept as the gateway made it ({@link
 * io.hazardgate.store.questdb.QuestDbTables}), and SQL on its HTTP port. May use {@code store.writer} (the tables
 * and columns it writes) and {@code config}.
 */
package io.hazardgate.store.questdb;
