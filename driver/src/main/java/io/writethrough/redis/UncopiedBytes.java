package io.writethrough.redis;

import java.util.Arrays;
import redis.clients.jedis.args.Rawable;

/**
 * A command argument handed to Jedis as it is. Jedis wraps a {@code byte[]} argument in a copy of it, which for a call
 * of thousands of entries is tens of thousands of copies; the driver never changes an argument's bytes once the
 * command is built, and a command is written out before it is dropped, so there is nothing to protect.
 */
final class UncopiedBytes implements Rawable {

    private final byte[] raw;

    UncopiedBytes(byte[] raw) {
        this.raw = raw;
    }

    @Override
    public byte[] getRaw() {
        return raw;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UncopiedBytes bytes && Arrays.equals(raw, bytes.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }
}
