package io.hazardgate.api.stream;

import io.hazardgate.api.http.ApiMetrics;
import io.hazardgate.api.http.ApiRequest;
import io.hazardgate.api.http.Json;
import io.hazardgate.api.http.SecurityHeaders;
import io.hazardgate.api.http.StreamEndpoint;
import io.hazardgate.api.view.AlarmBoard;
import io.hazardgate.api.view.StreamEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live stream of alarm and colour events as Server-Sent Events ({@code GET /api/stream}). A client
 * that reconnects with {@code Last-Event-ID} (browsers do so by themselves) gets every event it missed;
 * if those are no longer kept it gets a {@code reset} event and should reload the state. A stream opened
 * without one starts with {@code id: N} and no data: every event after N follows, and a browser that
 * reconnects before the first event resumes from N. A client that
 * stops reading is disconnected once its unsent backlog passes {@link #MAX_BACKLOG_BYTES}: it resumes
 * from its last event id, so nothing is lost and memory stays bounded.
 */
public final class EventStreamHub implements StreamEndpoint {
    private static final Logger log = LoggerFactory.getLogger(EventStreamHub.class);
    static final long MAX_BACKLOG_BYTES = 1024 * 1024;
    static final long HEARTBEAT_SECONDS = 15;

    private final AlarmBoard board;
    private final Counter slowClosed;

    public EventStreamHub(AlarmBoard board, MeterRegistry meters) {
        this.board = board;
        this.slowClosed = ApiMetrics.streamSlowClosed(meters);
    }

    @Override
    public void open(ChannelHandlerContext ctx, ApiRequest request) {
        Channel ch = ctx.channel();
        long lastId = lastEventId(request);
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        SecurityHeaders.apply(head.headers());
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        ch.write(head);
        write(ch, "retry: 2000\n\n");
        // Everything below and every delivery run on this channel's event loop, so "sent" needs no lock.
        // The subscription returns where it starts, atomically with the numbering of events: every later
        // event is delivered, none is lost between choosing the start and subscribing. Replayed events
        // and live ones may overlap; ids above "sent" are sent once.
        long[] sent = {0};
        Consumer<StreamEvent> ordered = e -> ch.eventLoop().execute(() -> {
            if (e.id() > sent[0]) {
                sent[0] = e.id();
                send(ch, e);
            }
        });
        long start = board.subscribe(ordered);
        if (lastId < 0) {
            sent[0] = start;
            write(ch, "id: " + start + "\n\n"); // sets the client's Last-Event-ID without an event
        } else {
            sent[0] = lastId;
            List<StreamEvent> missed = board.since(lastId);
            if (missed == null) {
                String reset = new String(Json.bytes(Json.object("reason",
                        "events after " + lastId + " are no longer kept; reload the state")), StandardCharsets.UTF_8);
                sent[0] = start;
                write(ch, "event: reset\nid: " + start + "\ndata: " + reset + "\n\n");
            } else {
                for (StreamEvent e : missed) {
                    if (e.id() > sent[0]) {
                        sent[0] = e.id();
                        send(ch, e);
                    }
                }
            }
        }
        ch.flush();
        ScheduledFuture<?> heartbeat = ch.eventLoop().scheduleAtFixedRate(() -> {
            write(ch, ": keepalive\n\n");
            ch.flush();
        }, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        ch.closeFuture().addListener(f -> {
            board.unsubscribe(ordered);
            heartbeat.cancel(false);
        });
    }

    private void send(Channel ch, StreamEvent e) {
        if (!ch.isActive()) return;
        if (ch.unsafe().outboundBuffer() != null && ch.unsafe().outboundBuffer().totalPendingWriteBytes() > MAX_BACKLOG_BYTES) {
            log.debug("closing live stream {}: it stopped reading", ch.remoteAddress());
            slowClosed.increment();
            ch.close();
            return;
        }
        write(ch, e.sse());
        ch.flush();
    }

    private static void write(Channel ch, String text) {
        ch.write(new DefaultHttpContent(ByteBufUtil.writeUtf8(ch.alloc(), text)));
    }

    private static long lastEventId(ApiRequest request) {
        String v = request.header("Last-Event-ID");
        if (v == null) v = request.query("lastEventId");
        if (v == null || v.isBlank()) return -1;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
