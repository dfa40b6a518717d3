package io.writethrough.dialect.postgres;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Types and methods of pgjdbc found by name, once per class loader: the driver is not compiled against pgjdbc, and an
 * application server may load several copies of it.
 *
 * @param <A> what the look-up finds (classes and method handles)
 */
final class PgjdbcLookup<A> {

    /** Finds the classes and methods in a class loader; throws when pgjdbc there lacks them. */
    @FunctionalInterface
    interface Finder<A> {
        A find(ClassLoader loader) throws ReflectiveOperationException;
    }

    private final Map<ClassLoader, Optional<A>> found = new ConcurrentHashMap<>();
    private final Finder<A> finder;

    PgjdbcLookup(Finder<A> finder) {
        this.finder = finder;
    }

    /** What the finder found in the class loader of {@code object}'s class; empty when it found nothing. */
    Optional<A> forClassOf(Object object) {
        ClassLoader loader = object.getClass().getClassLoader();
        return found.computeIfAbsent(loader == null ? ClassLoader.getPlatformClassLoader() : loader, this::find);
    }

    private Optional<A> find(ClassLoader loader) {
        try {
            return Optional.of(finder.find(loader));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
