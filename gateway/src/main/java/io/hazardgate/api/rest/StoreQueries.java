package io.hazardgate.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hazardgate.api.http.ApiRequest;
import io.hazardgate.store.questdb.QuestDbSql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Read-only history queries against the embedded QuestDB, run on a thread of their own so the HTTP
 * event loop never waits for the store. Values in SQL are identifiers already checked against the
 * config and numbers, never free text.
 */
final class StoreQueries implements AutoCloseable {
    /** Most rows one history request returns. */
    static final int MAX_ROWS = 10_000;

    private final QuestDbSql sql;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "api-store-queries");
        t.setDaemon(true);
        return t;
    });

    /** @param sql null when the store is not the embedded QuestDB */
    StoreQueries(QuestDbSql sql) {
        this.sql = sql;
    }

    /** Whether history can be asked here: the store is the embedded QuestDB. */
    boolean available() { return sql != null; }

    CompletableFuture<JsonNode> query(String statement) {
        if (sql == null) {
            return CompletableFuture.failedFuture(new ApiRequest.BadRequest(501,
                    "history is served from the embedded QuestDB; with an external store, query the store directly"));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return sql.exec(statement);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, executor);
    }

    static String time(long epochMs) { return "cast(" + epochMs * 1000 + " as timestamp)"; }

    static String quote(String identifier) { return "'" + identifier.replace("'", "''") + "'"; }

    @Override
    public void close() { executor.shutdownNow(); }
}
