package io.writethrough.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The driver's architecture, pinned: the write path flows one way (statements → planned execution → returned rows →
 * transaction → journal → Redis writer), so no stage may use the JDBC wrappers or a stage before it; the metrics
 * sink every stage reports to is a leaf that uses none of them; main classes
 * outside the pure delegation and the pgjdbc row emulation (the command-line tool's included) stay readable in one
 * sitting.
 */
class PackageDependenciesTest {

    private static final Path MAIN = Path.of("src/main/java/io/writethrough");
    private static final Pattern USE = Pattern.compile("\\bio\\.writethrough\\.([a-z.]+)\\.[A-Z]");

    /** Package → packages of the driver it must not use. */
    static Stream<Map.Entry<String, List<String>>> rules() {
        return Map.of(
                "journal", List.of("jdbc", "write", "dialect", "audit"),
                "redis", List.of("jdbc", "write", "journal", "dialect", "audit"),
                "dialect", List.of("jdbc", "journal", "redis", "audit"),
                "dialect.postgres", List.of("jdbc", "journal", "redis", "audit"),
                "jdbc.rows", List.of("jdbc", "write", "journal", "redis", "dialect", "audit"),
                "jdbc.forwarding", List.of("jdbc", "jdbc.rows", "write", "journal", "redis", "dialect", "audit"),
                "write", List.of("jdbc", "jdbc.forwarding", "recovery", "audit"),
                "recovery", List.of("jdbc", "jdbc.forwarding", "jdbc.rows", "journal", "audit"),
                // The operators' engine (warm, verify, repair) sits beside recovery: it uses the write path's encoder,
                // Redis, the dialect and the mapping; only jdbc opens it.
                "audit", List.of("jdbc", "jdbc.forwarding", "jdbc.rows", "journal"),
                "metrics", List.of("jdbc", "jdbc.forwarding", "jdbc.rows", "write", "journal", "redis", "recovery", "dialect",
                        "dialect.postgres", "audit")).entrySet().stream();
    }

    @ParameterizedTest
    @MethodSource("rules")
    void aPackageUsesOnlyWhatComesAfterItOnTheWritePath(Map.Entry<String, List<String>> rule) throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : sources(MAIN.resolve(rule.getKey().replace('.', '/')))) {
            Matcher m = USE.matcher(Files.readString(file));
            while (m.find()) {
                if (rule.getValue().contains(m.group(1))) {
                    violations.add(MAIN.relativize(file) + " uses io.writethrough." + m.group(1));
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void noMainClassOutsideDelegationAndRowEmulationIsOver400Lines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path root : List.of(MAIN, Path.of("../sql-mapping/src/main/java/io/writethrough"),
                Path.of("../cli/src/main/java/io/writethrough"))) {
            tooLong.addAll(longerThan400(root));
        }
        assertThat(tooLong).isEmpty();
    }

    private static List<String> longerThan400(Path root) throws IOException {
        List<String> tooLong = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return tooLong;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String path = root.relativize(file).toString();
                if (path.startsWith("jdbc/forwarding/") || path.startsWith("jdbc/rows/")) {
                    continue;
                }
                long lines = Files.lines(file).count();
                if (lines > 400) {
                    tooLong.add(path + " (" + lines + " lines)");
                }
            }
        }
        return tooLong;
    }

    private static List<Path> sources(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
