package io.hazardgate.response;

import java.util.List;

/**
 * What one send carries: the notices that waited for one recipient on one channel, fixed when it is
 * first attempted, so every retry (also after a restart) sends the same words under the same id.
 */
public record Message(long id, String channel, String recipient, String recipientName, String address, List<Long> notices,
                      long createdTs, String subject, String text, String json) {}
