/**
 * Alarm response: who is told of an alarm, how, and the proof that they were. Routing rules, duty
 * rosters and escalation targets come from config; events come from the alarm bus; every plan, message
 * and attempt is kept in a durable outbox; channels are in {@code response.channel}, the outbox file in
 * {@code response.outbox}. A tailings monitoring item's warning is told, acknowledged by link and escalated
 * here too (it is not an alarm of the engine). May use {@code alarm} (its events and acknowledgement),
 * {@code record}, {@code config}, {@code wire} (JSON in provider templates) and its own sub-packages;
 * nothing below it knows it exists. The HTTP API reaches it through
 * {@link io.hazardgate.response.AlarmResponse}.
 */
package io.hazardgate.response;
