package io.writethrough.jdbc.forwarding;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.Array;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.sql.Date;
import java.sql.SQLWarning;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh, distinguishable values of any type a JDBC interface method takes or returns: each call yields a new
 * instance (or, for primitives, a new number), so a test can tell "passed through" from "made up".
 */
final class DummyValues {

    private static final AtomicInteger SEQUENCE = new AtomicInteger(1);

    private DummyValues() {
    }

    static Object[] forParameters(Class<?>[] types) {
        Object[] values = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            values[i] = of(types[i]);
        }
        return values;
    }

    static Object of(Class<?> type) {
        int n = SEQUENCE.getAndIncrement();
        if (type == void.class) {
            return null;
        }
        if (type.isPrimitive()) {
            return primitive(type, n);
        }
        if (type.isArray()) {
            Object array = Array.newInstance(type.getComponentType(), 1);
            Array.set(array, 0, of(type.getComponentType()));
            return array;
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return constants[n % constants.length];
        }
        if (type.isInterface() && !Map.class.isAssignableFrom(type)) {
            return inertProxy(type, n);
        }
        return instance(type, n);
    }

    private static Object primitive(Class<?> type, int n) {
        if (type == boolean.class) {
            // true, because false is what a forgotten "return false" stub would produce.
            return true;
        }
        if (type == byte.class) {
            return (byte) n;
        }
        if (type == short.class) {
            return (short) n;
        }
        if (type == int.class) {
            return n;
        }
        if (type == long.class) {
            return (long) n + Integer.MAX_VALUE;
        }
        if (type == float.class) {
            return n + 0.5f;
        }
        if (type == double.class) {
            return n + 0.25d;
        }
        if (type == char.class) {
            return (char) ('a' + n % 26);
        }
        throw new IllegalArgumentException("No dummy value for primitive type " + type);
    }

    private static Object instance(Class<?> type, int n) {
        if (type == Object.class) {
            return new Object();
        }
        if (type == String.class) {
            return "dummy-" + n;
        }
        if (type == Class.class) {
            return DummyValues.class;
        }
        if (type == BigDecimal.class) {
            return BigDecimal.valueOf(n, 2);
        }
        if (type == Date.class) {
            return new Date(n);
        }
        if (type == Time.class) {
            return new Time(n);
        }
        if (type == Timestamp.class) {
            return new Timestamp(n);
        }
        if (type == Calendar.class) {
            return Calendar.getInstance();
        }
        if (type == InputStream.class) {
            return new ByteArrayInputStream(new byte[] {(byte) n});
        }
        if (type == Reader.class) {
            return new StringReader("dummy-" + n);
        }
        if (type == URL.class) {
            return url(n);
        }
        if (type == Map.class) {
            return new HashMap<>();
        }
        if (type == Properties.class) {
            return new Properties();
        }
        if (type == SQLWarning.class) {
            return new SQLWarning("dummy-" + n);
        }
        throw new IllegalArgumentException("No dummy value for " + type.getName()
                + "; a JDBC interface method uses a type DummyValues does not know yet, add it there");
    }

    private static URL url(int n) {
        try {
            return URI.create("http://example.invalid/" + n).toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object inertProxy(Class<?> type, int n) {
        String name = "dummy " + type.getSimpleName() + " #" + n;
        return Proxy.newProxyInstance(DummyValues.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> name;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(name + " is inert: " + method.getName());
                });
    }
}
