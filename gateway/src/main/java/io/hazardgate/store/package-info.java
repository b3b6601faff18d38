/**
 * The storage side, wired from its settings by {@link io.hazardgate.store.Store}: the durable log
 * ({@code log}), the writer that ships it to the time-series store ({@code writer}) and the embedded
 * QuestDB ({@code questdb}). May use those, {@code record} and {@code config}; knows nothing of MQTT,
 * the alarm engine or Netty.
 */
package io.hazardgate.store;
