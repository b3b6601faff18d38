package io.hazardgate.uplink.feed;

import io.hazardgate.config.uplink.MessageKind;
import io.hazardgate.uplink.template.Context;

/**
 * One message for the platform, ready to be written through its template.
 *
 * @param id       stable id: the same record always makes the same id, so a platform can drop a resend
 * @param site     the site (enterprise) it belongs to
 * @param values   what its template reads
 * @param readings readings it carries (0 for other kinds)
 */
public record OutgoingMessage(MessageKind kind, String id, String site, boolean backfill, Context values, int readings) {}
