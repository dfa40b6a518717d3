package io.writethrough.dialect.postgres;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Whether a pgjdbc connection's transaction has failed, read from pgjdbc's own bookkeeping
 * ({@code BaseConnection.getTransactionState()}, which follows every ReadyForQuery message) without a round trip.
 * The driver is not compiled against pgjdbc, hence the look-up by name ({@link PgjdbcLookup}).
 */
final class TransactionState {

    /** pgjdbc's {@code BaseConnection} and its {@code getTransactionState()}. */
    private static final PgjdbcLookup<Accessor> ACCESSORS = new PgjdbcLookup<>(TransactionState::accessor);

    private record Accessor(Class<?> base, MethodHandle state) {
    }

    private TransactionState() {
    }

    /**
     * True or false when pgjdbc says whether {@code real}'s transaction has failed; null when {@code real} is not
     * pgjdbc's or cannot be asked (the caller then asks the server).
     */
    static Boolean failed(Connection real) {
        Optional<Accessor> accessor = ACCESSORS.forClassOf(real);
        if (accessor.isEmpty()) {
            return null;
        }
        try {
            if (!real.isWrapperFor(accessor.get().base())) {
                return null;
            }
            Object state = accessor.get().state().invoke(real.unwrap(accessor.get().base()));
            return "FAILED".equals(String.valueOf(state));
        } catch (SQLException | RuntimeException e) {
            return null;
        } catch (Throwable e) {
            if (e instanceof Error error) {
                throw error;
            }
            return null;
        }
    }

    private static Accessor accessor(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> base = Class.forName("org.postgresql.core.BaseConnection", false, loader);
        Class<?> stateType = Class.forName("org.postgresql.core.TransactionState", false, loader);
        MethodHandle state = MethodHandles.publicLookup().findVirtual(base, "getTransactionState",
                MethodType.methodType(stateType)).asType(MethodType.methodType(Object.class, Object.class));
        return new Accessor(base, state);
    }
}
