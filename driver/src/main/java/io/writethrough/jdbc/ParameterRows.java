package io.writethrough.jdbc;

import java.io.ByteArrayInputStream;
import java.io.CharArrayReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parameter rows of a prepared statement's batch, recorded so they can be set again, shifted, on a multi-row
 * statement. {@link #capturing} puts it in front of the real statement: every call still goes to the real statement
 * at once (so errors come when pgjdbc gives them), and each parameter setter ({@code setXxx(int index, ...)}) is also
 * recorded for the current row, which {@code addBatch()} copies, as pgjdbc copies its parameters.
 *
 * <p>Values that could change or be used up before the batch runs are copied when they are set: streams and readers
 * are read (at most the given length), dates, calendars and arrays are cloned. pgjdbc reads a stream given without a
 * length when it is set too; one given with a length it would read when the batch runs.
 */
final class ParameterRows implements InvocationHandler {

    /** Which of the interface's methods set a parameter: {@code setXxx(int index, value...)}. */
    private static final Map<Method, Boolean> SETTERS = new ConcurrentHashMap<>();

    private final PreparedStatement real;
    /** The current row's setters, by parameter index - 1; null where nothing is set. */
    private Setter[] current = new Setter[8];
    private final List<Setter[]> rows = new ArrayList<>();

    private ParameterRows(PreparedStatement real) {
        this.real = real;
    }

    /** The rows of {@code real}'s batch, and the statement to use in its place, which records them. */
    static ParameterRows capturing(PreparedStatement real) {
        return new ParameterRows(real);
    }

    PreparedStatement statement() {
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, this);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> real.toString();
            };
        }
        if (isParameterSetter(method)) {
            Setter setter = new Setter(method, recorded(method, args));
            setter.apply(real, 0);
            record(setter);
            return null;
        }
        Object result;
        try {
            result = method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (args == null) {
            switch (method.getName()) {
                case "addBatch" -> rows.add(current.clone());
                case "clearBatch" -> rows.clear();
                case "clearParameters" -> Arrays.fill(current, null);
                default -> {
                }
            }
        }
        return result;
    }

    private static boolean isParameterSetter(Method method) {
        return SETTERS.computeIfAbsent(method, m -> m.getName().startsWith("set") && m.getParameterCount() >= 2
                && m.getParameterTypes()[0] == int.class);
    }

    private void record(Setter setter) {
        int slot = (Integer) setter.args()[0] - 1;
        if (slot >= current.length) {
            current = Arrays.copyOf(current, Math.max(slot + 1, current.length * 2));
        }
        current[slot] = setter;
    }

    /** The batch's rows so far. */
    int size() {
        return rows.size();
    }

    /** Forgets the batch's rows (the current parameters stay, as pgjdbc keeps them after a batch). */
    void clear() {
        rows.clear();
    }

    /**
     * Sets rows {@code from} to {@code from + count - 1} on {@code target}, row {@code from + i} at parameters
     * {@code i * perRow + 1} to {@code (i + 1) * perRow}.
     */
    void replay(int from, int count, int perRow, PreparedStatement target) throws SQLException {
        for (int i = 0; i < count; i++) {
            Setter[] row = rows.get(from + i);
            for (int p = 0; p < Math.min(perRow, row.length); p++) {
                if (row[p] != null) {
                    row[p].apply(target, i * perRow);
                }
            }
        }
    }

    /** A stream's bytes, read when it was set. */
    private record Bytes(byte[] bytes) {
    }

    /** A reader's characters, read when it was set. */
    private record Chars(char[] chars) {
    }

    /** A recorded setter call: its method and arguments, with streams and readers as what was read from them. */
    private record Setter(Method method, Object[] args) {

        /** Calls the setter on {@code target}, {@code shift} parameters further on, with fresh streams. */
        void apply(PreparedStatement target, int shift) throws SQLException {
            Object[] call = args.clone();
            call[0] = (Integer) args[0] + shift;
            for (int i = 1; i < call.length; i++) {
                if (call[i] instanceof Bytes read) {
                    call[i] = new ByteArrayInputStream(read.bytes());
                } else if (call[i] instanceof Chars read) {
                    call[i] = new CharArrayReader(read.chars());
                }
            }
            try {
                method.invoke(target, call);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof SQLException sql) {
                    throw sql;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new SQLException(cause);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A setter's arguments as recorded: streams and readers read (at most the length given after them), mutable
     * values cloned.
     */
    private static Object[] recorded(Method method, Object[] args) throws SQLException {
        Object[] out = args.clone();
        boolean lengthFollows = !method.getName().equals("setObject");
        for (int i = 1; i < out.length; i++) {
            long limit = lengthFollows && i + 1 < out.length && out[i + 1] instanceof Number n ? n.longValue() : -1;
            try {
                if (out[i] instanceof InputStream in) {
                    out[i] = new Bytes(limit >= 0 ? in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE)) : in.readAllBytes());
                } else if (out[i] instanceof Reader reader) {
                    out[i] = new Chars(read(reader, limit));
                } else {
                    out[i] = cloned(out[i]);
                }
            } catch (IOException e) {
                throw new SQLException("writethrough: reading a batch parameter's stream failed", "58030", e);
            }
        }
        return out;
    }

    private static Object cloned(Object value) {
        if (value instanceof java.util.Date date) {
            return date.clone();
        }
        if (value instanceof Calendar calendar) {
            return calendar.clone();
        }
        if (value instanceof Object[] array) {
            return array.clone();
        }
        if (value != null && value.getClass().isArray()) {
            int length = java.lang.reflect.Array.getLength(value);
            Object copy = java.lang.reflect.Array.newInstance(value.getClass().getComponentType(), length);
            System.arraycopy(value, 0, copy, 0, length);
            return copy;
        }
        return value;
    }

    private static char[] read(Reader reader, long limit) throws IOException {
        StringBuilder out = new StringBuilder();
        char[] buffer = new char[8192];
        long left = limit >= 0 ? limit : Long.MAX_VALUE;
        int n;
        while (left > 0 && (n = reader.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            out.append(buffer, 0, n);
            left -= n;
        }
        char[] chars = new char[out.length()];
        out.getChars(0, chars.length, chars, 0);
        return chars;
    }
}
