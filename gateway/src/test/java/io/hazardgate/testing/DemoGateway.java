package io.hazardgate.testing;

import io.hazardgate.Gateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real gateway on the shipped config ({@link TestGateway}) shared by the tests of a class: started
 * before the first, closed after the last, its files in a temp dir removed then.
 * <pre>{@code @RegisterExtension static final DemoGateway demo = new DemoGateway();}</pre>
 */
public final class DemoGateway implements BeforeAllCallback, AfterAllCallback {
    private Path data;
    private Gateway gateway;

    public Gateway gateway() {
        if (gateway == null) throw new IllegalStateException("the gateway starts before the class's first test");
        return gateway;
    }

    /** The gateway's data directory. */
    public Path dataDir() { return data; }

    /** {@code http://127.0.0.1:port} of the gateway's HTTP API. */
    public String httpBase() {
        return "http://127.0.0.1:" + gateway().httpPort();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        data = Files.createTempDirectory("hazardgate-test");
        gateway = TestGateway.start(data);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (gateway != null) gateway.close();
        } finally {
            gateway = null;
            if (data != null) {
                try (Stream<Path> files = Files.walk(data)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            }
        }
    }
}
