package io.hazardgate.response;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;

/**
 * One thing to tell one recipient on one channel: an alarm raised, turned a higher colour, escalated for
 * want of an acknowledgement, acknowledged or cleared, or a monitoring item's colour rising. Notices for
 * the same recipient and channel that come within the group window leave together in one message.
 *
 * @param id            outbox-wide, ascending in the order notices were planned
 * @param alarm         the alarm id, or {@code risk:site/source/item} for an item's colour
 * @param seq           the alarm event's sequence number (0 for risk)
 * @param cause         {@code raised}, {@code escalated}, {@code ack_overdue}, {@code acknowledged}, {@code cleared}, {@code risk}
 * @param colour        the colour the notice reports
 * @param recipient     person id, or the system channel's name
 * @param recipientName the person's name (the channel's name for a system)
 * @param reason        why this recipient: {@code principal}, {@code duty (day)}, {@code team maintenance},
 *                      {@code escalation 1: supervisor}, {@code system}
 * @param channel       the channel's name; "" when the notice could not be sent at all (see {@code skipped})
 * @param address       e-mail address or phone number ("" for systems)
 * @param createdTs     when it was planned, epoch ms
 * @param title         one line: a mail subject
 * @param text          the message in words, in the form the channel takes (mail, SMS or voice)
 * @param link          the acknowledgement link in the text, "" for none
 * @param facts         the event as fields, for systems
 * @param skipped       why it was not sent ("" when it was to be sent): no person configured, no address
 */
public record Notice(
        long id,
        String alarm,
        long seq,
        String cause,
        String site,
        String source,
        String tag,
        String colour,
        String recipient,
        String recipientName,
        String reason,
        String channel,
        String address,
        long createdTs,
        String title,
        String text,
        String link,
        Map<String, Object> facts,
        String skipped) {

    @JsonIgnore // not a property: the outbox and the API carry skipped itself
    public boolean isSkipped() { return !skipped.isEmpty(); }

    /** The queue the notice waits in: one per recipient and channel. */
    String lane() { return channel + "/" + recipient; }
}
