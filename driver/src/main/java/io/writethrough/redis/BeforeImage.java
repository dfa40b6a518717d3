package io.writethrough.redis;

/**
 * What a key held at some moment: its serialized value ({@code DUMP}) and remaining time to live.
 *
 * @param dump      the DUMP payload, or {@code null} when the key was absent
 * @param pttlMillis remaining time to live in milliseconds, negative for none
 */
public record BeforeImage(byte[] dump, long pttlMillis) {

    public static final BeforeImage ABSENT = new BeforeImage(null, -2);

    public boolean absent() {
        return dump == null;
    }
}
