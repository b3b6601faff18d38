package io.hazardgate.response;

import java.util.List;

/**
 * Who was told what about an alarm, when, and how it went: one notice with the message that carried it
 * and every attempt to send that message. What an inspector reads.
 *
 * @param state {@code waiting} (not sent yet: grouped or the channel is down), {@code sending} (attempted,
 *              will be tried again), {@code delivered}, {@code failed} (refused for good) or
 *              {@code skipped} (could not be sent: see {@code detail})
 * @param detail for skipped notices why; otherwise the latest attempt's detail
 */
public record DeliveryRecord(long notice, String alarm, long seq, String cause, String site, String source, String tag,
                             String colour, String recipient, String recipientName, String reason, String channel,
                             String address, long plannedTs, String title, String state, long message, long deliveredTs,
                             String detail, List<Attempt> attempts) {

    static DeliveryRecord of(Notice n, Message m, List<Attempt> attempts) {
        String state;
        String detail = "";
        long delivered = 0;
        if (n.isSkipped()) {
            state = "skipped";
            detail = n.skipped();
        } else if (attempts.isEmpty()) {
            state = "waiting";
        } else {
            Attempt last = attempts.get(attempts.size() - 1);
            detail = last.detail();
            state = switch (last.outcome()) {
                case "delivered" -> "delivered";
                case "failed" -> "failed";
                default -> "sending";
            };
            if (state.equals("delivered")) delivered = last.ts();
        }
        return new DeliveryRecord(n.id(), n.alarm(), n.seq(), n.cause(), n.site(), n.source(), n.tag(), n.colour(), n.recipient(),
                n.recipientName(), n.reason(), n.channel(), n.address(), n.createdTs(), n.title(), state, m == null ? 0 : m.id(),
                delivered, detail, attempts);
    }
}
