package io.writethrough.benchmarks;

/** Closing a benchmark's resources in order, every one even when an earlier one fails. */
final class Resources {

    private Resources() {
    }

    /** Closes each non-null resource in order; the first failure is thrown after all were tried, later ones suppressed. */
    static void closeAll(AutoCloseable... resources) {
        RuntimeException failure = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing a benchmark resource failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
