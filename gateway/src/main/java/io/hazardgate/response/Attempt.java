package io.hazardgate.response;

/**
 * One attempt to send a message and how it went.
 *
 * @param message the message's id
 * @param n       1 for the first attempt
 * @param outcome {@code delivered}, {@code retry} (failed, will be tried again at {@code retryAt}) or
 *                {@code failed} (refused for good)
 * @param detail  what the channel said: the server's answer, or why it could not be reached
 */
public record Attempt(long message, int n, long ts, String outcome, String detail, long retryAt) {}
