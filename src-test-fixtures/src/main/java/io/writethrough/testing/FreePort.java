package io.writethrough.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Asks the kernel for a currently unused loopback TCP port. */
final class FreePort {

    /** How far above its client port a Redis Cluster node listens for the cluster bus. */
    static final int CLUSTER_BUS_OFFSET = 10_000;
    private static final int ATTEMPTS = 50;

    private FreePort() {
    }

    static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free TCP port on the loopback interface", e);
        }
    }

    /**
     * A free port p whose cluster bus port p + 10000 is free too: {@code redis-cli --cluster create} introduces
     * the nodes to each other at their default bus ports. Ephemeral ports go up to 60999, so some are too high.
     */
    static int findWithClusterBus() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = find();
            if (port + CLUSTER_BUS_OFFSET <= 65_535 && isFree(port + CLUSTER_BUS_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException("found no free loopback port p with p + " + CLUSTER_BUS_OFFSET
                + " free as well in " + ATTEMPTS + " attempts");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
