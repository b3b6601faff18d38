package io.hazardgate.response.channel;

/**
 * One message as a channel sends it.
 *
 * @param id            stable across retries and restarts: the Message-ID of a mail, the delivery id header of
 *                      a webhook, so a receiver can drop a repeat after a crash between send and record
 * @param recipient     person id, or the system channel's name
 * @param recipientName the person's name, for the mail header
 * @param address       e-mail address or phone number ("" for systems)
 * @param subject       one line
 * @param text          the message in words (mail body, SMS text, what a voice call says)
 * @param json          the notices as JSON, for systems
 */
public record Envelope(String id, String recipient, String recipientName, String address, String subject, String text,
                       String json) {}
