package io.writethrough.jdbc;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * pgjdbc's {@code reWriteBatchedInserts} settings of one real connection, and the chunk sizes pgjdbc splits a batch
 * into. Read from the connection itself (whether the setting came in the URL, the properties or a data source);
 * a connection that is not pgjdbc's, or whose settings cannot be read, never rewrites.
 *
 * @param rowCeiling the most rows pgjdbc merges into one INSERT: {@code reWriteBatchedInsertsSize} when set, capped at
 *     32768 (pgjdbc 42.7.14 and later), or 128 for a pgjdbc without that setting
 * @param configured {@code reWriteBatchedInsertsSize} was set (it then also caps parameterless rows)
 * @param bindLimit the most bind parameters of one statement: 65535, or unlimited with {@code preferQueryMode=simple}
 */
record BatchRewriteSettings(boolean enabled, int rowCeiling, boolean configured, int bindLimit) {

    static final BatchRewriteSettings OFF = new BatchRewriteSettings(false, 1, false, 0);

    private static final int MAX_VALUE_BLOCK = 1 << 15;
    private static final int OLD_MAX_VALUE_BLOCK = 128;
    private static final int BIND_LIMIT = 65535;

    /** The settings of {@code real}, or {@link #OFF}. */
    static BatchRewriteSettings of(Connection real) {
        try {
            ClassLoader loader = real.getClass().getClassLoader();
            Class<?> base = Class.forName("org.postgresql.core.BaseConnection", false, loader);
            if (!real.isWrapperFor(base)) {
                return OFF;
            }
            Class<?> executorType = Class.forName("org.postgresql.core.QueryExecutor", false, loader);
            Object executor = base.getMethod("getQueryExecutor").invoke(real.unwrap(base));
            if (!(Boolean) executorType.getMethod("isReWriteBatchedInsertsEnabled").invoke(executor)) {
                return OFF;
            }
            boolean simple = "SIMPLE".equals(String.valueOf(executorType.getMethod("getPreferQueryMode").invoke(executor)));
            int bindLimit = simple ? Integer.MAX_VALUE : BIND_LIMIT;
            Method size = sizeMethod(executorType);
            if (size == null) {
                return new BatchRewriteSettings(true, OLD_MAX_VALUE_BLOCK, false, bindLimit);
            }
            int configured = (Integer) size.invoke(executor);
            return new BatchRewriteSettings(true, configured > 0 ? Math.min(configured, MAX_VALUE_BLOCK) : MAX_VALUE_BLOCK,
                    configured > 0, bindLimit);
        } catch (ReflectiveOperationException | SQLException | RuntimeException e) {
            return OFF;
        }
    }

    private static Method sizeMethod(Class<?> executorType) {
        try {
            return executorType.getMethod("getReWriteBatchedInsertsSize");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /**
     * The rows of each statement pgjdbc sends for a batch of {@code rows} rows of {@code parameters} parameters each:
     * as many full blocks as fit (a block is the largest power of two within the row ceiling and the bind limit),
     * then the rest in falling powers of two. One chunk of {@code rows} when there is nothing to merge.
     */
    int[] chunks(int rows, int parameters) {
        if (rows <= 1) {
            return new int[] {rows};
        }
        int block = parameters == 0
                ? Integer.highestOneBit(Math.max(1, configured ? rowCeiling : 1024))
                : Integer.highestOneBit(Math.max(1, Math.min(bindLimit / parameters, rowCeiling)));
        int[] chunks = new int[rows / block + Integer.bitCount(rows % block)];
        int left = rows;
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = left >= block ? block : Integer.highestOneBit(left);
            left -= chunks[i];
        }
        return chunks;
    }
}
