package io.writethrough.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/** Asks Testcontainers once per JVM whether a Docker engine answers; never throws, never waits long. */
final class DockerCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DockerCheck.class);
    private static final long TIMEOUT_SECONDS = 15;
    private static Boolean available;

    private DockerCheck() {
    }

    static synchronized boolean isAvailable() {
        if (available == null) {
            long started = System.nanoTime();
            available = ask();
            LOG.info("Docker engine {} (checked in {} ms)", available ? "available: using Testcontainers" : "not available",
                    (System.nanoTime() - started) / 1_000_000);
        }
        return available;
    }

    // The check runs on a daemon thread so that a Docker host that never answers (a stale DOCKER_HOST, say)
    // costs a bounded wait instead of hanging the build.
    private static boolean ask() {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                answer.complete(DockerClientFactory.instance().isDockerAvailable());
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        }, "docker-check");
        thread.setDaemon(true);
        thread.start();
        try {
            return answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Docker check did not answer within {} s; not using Testcontainers", TIMEOUT_SECONDS);
            return false;
        } catch (ExecutionException e) {
            LOG.warn("Docker check failed ({}); not using Testcontainers", e.getCause().toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
