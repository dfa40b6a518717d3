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

import org.opentest4j.TestAbortedException;

import redis.embedded.core.ExecutableProvider;

/**
 * Finds a {@code redis-server} executable: the one on {@code PATH}, or the one shipped in the embedded-redis jar;
 * and the {@code redis-cli} to go with it.
 */
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
        return onPath("redis-server");
    }

    static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, executable);
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

    /**
     * {@code redis-cli} beside the given {@code redis-server}, else the one on {@code PATH}.
     *
     * @throws TestAbortedException when there is none: the embedded-redis jar ships no {@code redis-cli}
     */
    static Path cli(Path server) {
        Path sibling = server.resolveSibling("redis-cli");
        if (Files.isRegularFile(sibling) && Files.isExecutable(sibling)) {
            return sibling;
        }
        return onPath("redis-cli").orElseThrow(() -> new TestAbortedException(
                "no redis-cli beside " + server + " nor on PATH: install redis-tools (or Redis) to run this test"));
    }

    /**
     * Whether the executable was built with TLS: one linked with OpenSSL names its functions. A build without
     * TLS would take {@code --tls-port} as a plain port (or refuse to start), so the TLS fixture asks first.
     */
    static boolean supportsTls(Path binary) {
        try {
            // ISO-8859-1 maps each byte to one char, so the text search is a byte search. A binary is some MB.
            return new String(Files.readAllBytes(binary), StandardCharsets.ISO_8859_1).contains("SSL_CTX_new");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + binary, e);
        }
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
