package io.hazardgate.datadir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Copies files into a backup or out of one, recording each file's size under its path in the backup. */
final class TreeCopy {
    private final Path root;
    private final Map<String, Long> files = new LinkedHashMap<>();
    private long bytes;

    /** @param root the backup directory sizes are recorded relative to */
    TreeCopy(Path root) {
        this.root = root;
    }

    /** Copies one file; false when it vanished before it could be copied (rolled away, deleted by retention). */
    boolean file(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            if (Files.exists(from)) throw e;
            return false;
        }
        long size = Files.size(to);
        files.put(root.relativize(to).toString().replace('\\', '/'), size);
        bytes += size;
        return true;
    }

    /** Copies every regular file under {@code from} whose path (relative to {@code from}) {@code skip} rejects not. */
    void tree(Path from, Path to, Predicate<Path> skip) throws IOException {
        if (!Files.isDirectory(from)) return;
        List<Path> all;
        try (Stream<Path> s = Files.walk(from)) {
            all = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : all) {
            Path rel = from.relativize(f);
            if (skip.test(rel)) continue;
            file(f, to.resolve(rel.toString()));
        }
    }

    /** Deletes what was copied under {@code dir} and forgets it, to copy it again. */
    void forget(Path dir) throws IOException {
        String prefix = root.relativize(dir).toString().replace('\\', '/') + "/";
        var it = files.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().startsWith(prefix)) {
                Files.deleteIfExists(root.resolve(e.getKey()));
                bytes -= e.getValue();
                it.remove();
            }
        }
    }

    Map<String, Long> files() { return files; }

    long bytes() { return bytes; }
}
