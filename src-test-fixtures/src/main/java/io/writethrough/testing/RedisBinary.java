package io.writethrough.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import redis.embedded.core.ExecutableProvider;

/** Finds a {@code redis-server} executable: the one on {@code PATH}, or the one shipped in the embedded-redis jar. */
final class RedisBinary {

    private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)");

    private static Path embedded;

    private RedisBinary() {
    }

    /** {@code redis-server} from {@code PATH}, falling back to the embedded-redis jar's binary. */
    static Path preferred() {
        return onPath().orElseGet(RedisBinary::embedded);
    }

    static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The redis-server binary from the embedded-redis jar, extracted once per JVM. */
    static synchronized Path embedded() {
        if (embedded == null) {
            try {
                embedded = ExecutableProvider.newJarResourceProvider().get().toPath();
            } catch (IOException e) {
                throw new UncheckedIOException("could not extract redis-server from the embedded-redis jar", e);
            }
        }
        return embedded;
    }

    /** The major version {@code redis-server --version} reports, or 0 when it cannot be read. */
    static int majorVersion(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return 0;
            }
            Matcher m = VERSION.matcher(new String(out, StandardCharsets.UTF_8));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
