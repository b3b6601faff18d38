/**
 * The live event stream ({@code /api/stream}, server-sent events) fed from the control room's views.
 * May use {@code api.http} and {@code api.view}.
 */
package io.hazardgate.api.stream;
