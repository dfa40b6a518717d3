package io.writethrough.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.redis.OwnershipStore.Release;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Releases wait for a write to their primary, and the background drops only what no write took. */
class LateReleasesTest {

    private static final long LONG = TimeUnit.MINUTES.toNanos(10);

    private final LinkedBlockingQueue<Release> dropped = new LinkedBlockingQueue<>();

    @Test
    void aWriteToAPrimaryTakesWhatWaitsForItAndNothingElse() {
        LateReleases late = new LateReleases(dropped::addAll, LONG);
        Release a = new Release("A", List.of("k1"));
        Release b = new Release("B", List.of("k2", "k3"));
        Release c = new Release("C", List.of("k4"));
        late.add("p1", a);
        late.add("p2", b);
        late.add("p1", c);

        assertThat(taken(late, "p1", "p3")).containsExactly(a, c);
        assertThat(taken(late, "p1")).as("taken once").isEmpty();
        assertThat(dropped).as("nothing dropped by the background within the linger").isEmpty();
        late.close();
        assertThat(dropped).as("close drops what still waits").containsExactly(b);
    }

    @Test
    void whatNoWriteTakesIsDroppedInTheBackground() throws InterruptedException {
        LateReleases late = new LateReleases(dropped::addAll, TimeUnit.MILLISECONDS.toNanos(5));
        Release a = new Release("A", List.of("k1"));
        Release b = new Release("B", List.of("k2"));
        late.add("p1", a);
        late.add(null, b);

        List<Release> got = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Release next = dropped.poll(10, TimeUnit.SECONDS);
            assertThat(next).as("dropped within 10 s").isNotNull();
            got.add(next);
        }
        assertThat(got).containsExactlyInAnyOrder(a, b);
        assertThat(taken(late, "p1")).isEmpty();
        late.close();
    }

    @Test
    void whenTooManyWaitTheCallerDropsItsOwn() {
        LateReleases late = new LateReleases(dropped::addAll, LONG);
        for (int i = 0; i < LateReleases.MAX_WAITING; i++) {
            late.add("p1", new Release("T" + i, List.of("k" + i)));
        }
        assertThat(dropped).isEmpty();
        Release over = new Release("over", List.of("k"));
        late.add("p1", over);
        assertThat(dropped).containsExactly(over);
        late.close();
        assertThat(dropped).hasSize(LateReleases.MAX_WAITING + 1);
    }

    @Test
    void afterCloseTheCallerDropsItsOwn() {
        LateReleases late = new LateReleases(dropped::addAll, LONG);
        late.close();
        Release a = new Release("A", List.of("k1"));
        late.add("p1", a);
        assertThat(dropped).containsExactly(a);
        assertThat(taken(late, "p1")).isEmpty();
    }

    private static List<Release> taken(LateReleases late, String... primaries) {
        List<Release> taken = new ArrayList<>();
        late.takeFor(Set.of(primaries), taken);
        return taken;
    }
}
