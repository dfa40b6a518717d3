package io.writethrough.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;

/**
 * A {@link ResultSet} positioned on one row laid out as the driver's RETURNING lays out a row of {@code items}:
 * column 1 the table marker (an oid), then {@code id, name, price, qty, note}. Built from a
 * {@link java.lang.reflect.Proxy} so that encoding can be measured without I/O; it answers {@code getLong},
 * {@code getInt}, {@code getString}, {@code getObject} and {@code wasNull}, which is what the encoder calls for these
 * column types. Each reflective call costs some tens of nanoseconds, so measurements through it are an upper bound.
 */
final class FakeReturnedRow implements InvocationHandler {

    static final int MARKER = 1;
    static final int ID = 2;
    static final int NAME = 3;
    static final int PRICE = 4;
    static final int QTY = 5;
    static final int NOTE = 6;

    private long id;
    private boolean lastWasNull;

    /** A result set reading this row. */
    ResultSet resultSet() {
        return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class}, this);
    }

    /** Moves to the item with this id (the other columns follow from it). */
    void moveTo(long itemId) {
        this.id = itemId;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "getLong":
                return (Long) number((Integer) args[0]);
            case "getInt":
                return (int) number((Integer) args[0]);
            case "getString":
            case "getObject":
                return text((Integer) args[0]);
            case "wasNull":
                return lastWasNull;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "FakeReturnedRow[id=" + id + "]";
            default:
                throw new UnsupportedOperationException("FakeReturnedRow does not implement ResultSet." + method.getName());
        }
    }

    private long number(int column) {
        lastWasNull = false;
        switch (column) {
            case MARKER:
                return 16_384;
            case ID:
                return id;
            case QTY:
                return id % 100;
            default:
                throw new IllegalArgumentException("column " + column + " is not a number column");
        }
    }

    private String text(int column) {
        lastWasNull = false;
        switch (column) {
            case ID:
            case QTY:
            case MARKER:
                return Long.toString(number(column));
            case NAME:
                return "item " + id;
            case PRICE:
                return PlainJdbcItems.price(id).toPlainString();
            case NOTE:
                return "new";
            default:
                throw new IllegalArgumentException("no column " + column);
        }
    }
}
