package io.hazardgate.config;

/** A host and port to bind; port 0 means any free port, read back after binding. */
public record Listener(String host, int port) {
    public Listener withPort(int newPort) { return new Listener(host, newPort); }
}
