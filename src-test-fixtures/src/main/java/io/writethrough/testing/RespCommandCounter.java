package io.writethrough.testing;

/**
 * Finds where Redis commands end in a client's byte stream, chunk by chunk: RESP arrays of bulk strings
 * ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}) and inline commands ({@code PING\r\n}). Only as much RESP as clients
 * send is understood; a malformed header counts as the end of a command rather than stalling the stream.
 * One instance per connection; not thread-safe.
 */
final class RespCommandCounter {

    private static final int MAX_HEADER = 64;

    private enum State { COMMAND_START, ARRAY_HEADER, INLINE, BULK_HEADER, BULK_DATA }

    private State state = State.COMMAND_START;
    private final StringBuilder header = new StringBuilder();
    private long elementsLeft;
    private long dataLeft;

    /**
     * Consumes bytes from {@code from} up to {@code to} (exclusive) and returns the index just after the first
     * command that completes in that range, or -1 when none does (every byte was consumed).
     */
    int feed(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            switch (state) {
                case COMMAND_START -> {
                    byte b = bytes[i++];
                    if (b == '*') {
                        header.setLength(0);
                        state = State.ARRAY_HEADER;
                    } else if (b != '\r' && b != '\n') {
                        state = State.INLINE;
                    }
                }
                case INLINE -> {
                    if (bytes[i++] == '\n') {
                        state = State.COMMAND_START;
                        return i;
                    }
                }
                case ARRAY_HEADER, BULK_HEADER -> {
                    byte b = bytes[i++];
                    if (b != '\n') {
                        if (b != '\r' && header.length() < MAX_HEADER) {
                            header.append((char) b);
                        }
                        continue;
                    }
                    long number = number(header);
                    header.setLength(0);
                    if (state == State.ARRAY_HEADER) {
                        if (number <= 0) {
                            state = State.COMMAND_START;
                            return i;
                        }
                        elementsLeft = number;
                        state = State.BULK_HEADER;
                    } else {
                        // "$<len>": the data and its CRLF follow; "$-1" or junk: the element is empty.
                        dataLeft = Math.max(0, number) + (number >= 0 ? 2 : 0);
                        state = State.BULK_DATA;
                        if (dataLeft == 0 && elementDone()) {
                            return i;
                        }
                    }
                }
                case BULK_DATA -> {
                    long take = Math.min(dataLeft, to - i);
                    i += (int) take;
                    dataLeft -= take;
                    if (dataLeft == 0 && elementDone()) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    /** One array element is complete; true when it was the command's last. */
    private boolean elementDone() {
        if (--elementsLeft <= 0) {
            state = State.COMMAND_START;
            return true;
        }
        state = State.BULK_HEADER;
        return false;
    }

    /** The number in a header such as {@code 3} (after {@code *} or {@code $}), or -1 when it is not one. */
    private static long number(CharSequence text) {
        int start = text.length() > 0 && (text.charAt(0) == '$' || text.charAt(0) == '*') ? 1 : 0;
        if (start >= text.length()) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '-' && i == start) {
                return -1;
            }
            if (c < '0' || c > '9' || value > Integer.MAX_VALUE) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
