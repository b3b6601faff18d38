/**
 * The channels that tell people and systems: e-mail over SMTP, SMS and voice through HTTP gateways,
 * webhooks, and MQTT on the gateway's own broker. Each sends one {@link io.hazardgate.response.channel.Envelope}
 * and says whether it was delivered, should be retried, or failed for good. Uses config (channel settings)
 * and the JDK, Jakarta Mail for SMTP; knows nothing of alarms.
 */
package io.hazardgate.response.channel;
