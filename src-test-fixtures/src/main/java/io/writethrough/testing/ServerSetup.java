package io.writethrough.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import javax.net.ssl.SSLSocketFactory;

/**
 * How a {@link PrivateRedisServer} is started beyond its defaults: the cluster, Sentinel and TLS fixtures build
 * their processes on it, so that stop, kill, pause and the shutdown hook work the same for all of them.
 *
 * @param arguments  added to the command line after the defaults (later ones win)
 * @param configFile contents of a configuration file written once into the server's directory and named first on
 *                   its command line, or null; Sentinel needs one, since it rewrites it
 * @param ports      picks the port to try (again after a failed start)
 * @param tls        when not null, the port is a TLS port ({@code --port 0 --tls-port <port>}) and the readiness
 *                   probe connects through this factory
 * @param user       with {@code password}, what the readiness probe authenticates as; null for no {@code AUTH}
 * @param password   the probe's password, or null
 */
record ServerSetup(List<String> arguments, String configFile, IntSupplier ports, SSLSocketFactory tls,
        String user, String password) {

    ServerSetup {
        arguments = List.copyOf(arguments);
    }

    /** A plain server on a free port, as {@link PrivateRedisServer#launch()} starts. */
    static ServerSetup plain() {
        return new ServerSetup(List.of(), null, FreePort::find, null, null, null);
    }

    ServerSetup withArguments(String... more) {
        List<String> all = new ArrayList<>(arguments);
        all.addAll(List.of(more));
        return new ServerSetup(all, configFile, ports, tls, user, password);
    }

    ServerSetup withConfigFile(String contents) {
        return new ServerSetup(arguments, contents, ports, tls, user, password);
    }

    ServerSetup withPorts(IntSupplier chooser) {
        return new ServerSetup(arguments, configFile, chooser, tls, user, password);
    }

    ServerSetup withTls(SSLSocketFactory factory) {
        return new ServerSetup(arguments, configFile, ports, factory, user, password);
    }

    ServerSetup withAuth(String probeUser, String probePassword) {
        return new ServerSetup(arguments, configFile, ports, tls, probeUser, probePassword);
    }
}
