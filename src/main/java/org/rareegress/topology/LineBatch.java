package org.rareegress.topology;

import java.util.Arrays;

/**
 * Many file lines in one record, each with its line number: how a backtest hands a file to the
 * topology without paying the per-record cost of a topology record for every line. The parse
 * node unpacks it, so each line is still read, counted and dead-lettered on its own, with its own
 * {@code file:line} coordinates. Only a topology built for a backtest honours the batch header.
 *
 * <p>Format: repeated {@code [line number, unsigned LEB128][length, unsigned LEB128][bytes]}.
 */
public final class LineBatch {
    private byte[] buffer = new byte[1 << 20];
    private int size;
    private int lines;

    /** Receives each unpacked line; the bytes are valid only during the call. */
    public interface LineVisitor {
        void line(long number, byte[] bytes, int offset, int length);
    }

    public void add(long number, byte[] bytes, int offset, int length) {
        ensure(length + 20);
        writeVarLong(number);
        writeVarLong(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
        lines++;
    }

    public int lines() {
        return lines;
    }

    public int bytes() {
        return size;
    }

    /** The packed lines; the batch is empty afterwards. */
    public byte[] drain() {
        byte[] packed = Arrays.copyOf(buffer, size);
        size = 0;
        lines = 0;
        return packed;
    }

    /** A batch that cannot be unpacked past {@link #position()}; the lines before it were visited. */
    public static final class CorruptBatchException extends RuntimeException {
        private final int position;

        CorruptBatchException(String message, int position) {
            super(message + " at byte " + position, null, false, false);
            this.position = position;
        }

        public int position() {
            return position;
        }
    }

    /** @throws CorruptBatchException at the first bytes that are not a well-formed line */
    public static void forEach(byte[] packed, LineVisitor visitor) {
        int[] position = {0};
        while (position[0] < packed.length) {
            int start = position[0];
            long number = readVarLong(packed, position, start);
            long length = readVarLong(packed, position, start);
            if (length < 0 || length > packed.length - position[0]) {
                throw new CorruptBatchException("corrupt line batch: line length " + length + " past the end", start);
            }
            visitor.line(number, packed, position[0], (int) length);
            position[0] += (int) length;
        }
    }

    private void writeVarLong(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[size++] = (byte) v;
    }

    private static long readVarLong(byte[] bytes, int[] position, int lineStart) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position[0] >= bytes.length) {
                throw new CorruptBatchException("corrupt line batch: truncated number", lineStart);
            }
            int b = bytes[position[0]++] & 0xff;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new CorruptBatchException("corrupt line batch: number too long", lineStart);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
