package org.rareegress.event.read;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.rareegress.event.CommandLines;

/**
 * {@link ProcessCreations} over an {@link OrderedStore}, bounded two ways: an entry expires when it is
 * older than the TTL in event time (checked on read, and swept on every write), and past
 * {@code maxEntries} the least recently used entries are evicted. Each entry is bounded in bytes too: the
 * command line is kept cut ({@link CommandLines#cut}), and a device name over
 * {@value EventValidator#MAX_DEVICE_LENGTH} characters (whose network events are rejected anyway) or a
 * process id over {@value #MAX_PROCESS_ID_LENGTH} is not remembered. A read that finds an entry stamped more
 * than an hour ago refreshes it, so a process that keeps connecting keeps its hashes, at the cost of at
 * most one store write per process per hour (or half TTL, when shorter).
 *
 * <p>Layout: {@code e|device|process -> time, creation}; a time index {@code t|time|device|process}
 * for the sweep and the eviction; {@code n -> count}.
 */
public final class ProcessCreationTable implements ProcessCreations {
    private static final byte ENTRY = 'e';
    private static final byte INDEX = 't';
    private static final byte[] COUNT_KEY = {'n'};
    /** Expired entries removed per write: keeps each write's cost bounded; the rest go on later writes. */
    static final int SWEEP_BATCH = 64;
    /** A used entry is re-stamped at most this often, so eviction order follows use without a write per read. */
    static final Duration REFRESH_INTERVAL = Duration.ofHours(1);
    /** Sysmon's ProcessGuid is 38 characters ({@code {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}}); room for variants. */
    static final int MAX_PROCESS_ID_LENGTH = 64;

    private final OrderedStore store;
    private final long ttlNanos;
    private final long maxEntries;
    private final long refreshAfterNanos;

    public ProcessCreationTable(OrderedStore store, Duration ttl, long maxEntries) {
        this.store = store;
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.refreshAfterNanos = Math.min(ttlNanos / 2, REFRESH_INTERVAL.toNanos());
    }

    @Override
    public void put(String deviceId, String processId, ProcessCreation creation, long timeNanos) {
        if (deviceId.length() > EventValidator.MAX_DEVICE_LENGTH || processId.length() > MAX_PROCESS_ID_LENGTH) {
            return;
        }
        creation = new ProcessCreation(CommandLines.cut(creation.commandLine()), creation.md5(), creation.sha256());
        byte[] id = id(deviceId, processId);
        byte[] entryKey = prefixed(ENTRY, id);
        byte[] previous = store.get(entryKey);
        long count = count();
        if (previous != null) {
            store.delete(indexKey(time(previous), id));
        } else {
            count++;
        }
        store.put(entryKey, encode(timeNanos, creation));
        store.put(indexKey(timeNanos, id), new byte[0]);
        count -= removeOldest(indexKey(timeNanos - ttlNanos, new byte[0]), SWEEP_BATCH);
        if (count > maxEntries) {
            count -= removeOldest(new byte[] {INDEX + 1}, (int) Math.min(count - maxEntries, Integer.MAX_VALUE));
        }
        store.put(COUNT_KEY, ByteBuffer.allocate(Long.BYTES).putLong(Math.max(0, count)).array());
    }

    @Override
    public ProcessCreation get(String deviceId, String processId, long timeNanos) {
        byte[] id = id(deviceId, processId);
        byte[] entryKey = prefixed(ENTRY, id);
        byte[] value = store.get(entryKey);
        if (value == null || value.length < Long.BYTES) {
            return null;
        }
        long created = time(value);
        if (created < timeNanos - ttlNanos) {
            store.delete(entryKey);
            store.delete(indexKey(created, id));
            store.put(COUNT_KEY, ByteBuffer.allocate(Long.BYTES).putLong(Math.max(0, count() - 1)).array());
            return null;
        }
        ProcessCreation creation = decode(value);
        if (creation != null && timeNanos - created > refreshAfterNanos) {
            store.delete(indexKey(created, id));
            store.put(indexKey(timeNanos, id), new byte[0]);
            byte[] refreshed = value.clone();
            ByteBuffer.wrap(refreshed).putLong(0, timeNanos);
            store.put(entryKey, refreshed);
        }
        return creation;
    }

    /** How many processes are remembered. */
    public long count() {
        byte[] count = store.get(COUNT_KEY);
        return count == null || count.length != Long.BYTES ? 0 : ByteBuffer.wrap(count).getLong();
    }

    /** Removes up to {@code limit} entries whose index key is below {@code before}; returns how many. */
    private int removeOldest(byte[] before, int limit) {
        List<byte[]> keys = store.keys(new byte[] {INDEX}, before, limit);
        for (byte[] key : keys) {
            store.delete(key);
            byte[] entryKey = new byte[key.length - Long.BYTES];
            entryKey[0] = ENTRY;
            System.arraycopy(key, 1 + Long.BYTES, entryKey, 1, key.length - 1 - Long.BYTES);
            store.delete(entryKey);
        }
        return keys.size();
    }

    private static byte[] id(String deviceId, String processId) {
        byte[] device = deviceId.getBytes(StandardCharsets.UTF_8);
        byte[] process = processId.getBytes(StandardCharsets.UTF_8);
        // Length-prefixed so that no device name can run into the process id of another.
        return ByteBuffer.allocate(Integer.BYTES + device.length + process.length)
                .putInt(device.length).put(device).put(process).array();
    }

    private static byte[] prefixed(byte prefix, byte[] id) {
        byte[] key = new byte[1 + id.length];
        key[0] = prefix;
        System.arraycopy(id, 0, key, 1, id.length);
        return key;
    }

    /** Times are nanoseconds since 1970, never negative in events; a negative cut-off sorts first. */
    private static byte[] indexKey(long timeNanos, byte[] id) {
        return ByteBuffer.allocate(1 + Long.BYTES + id.length).put(INDEX).putLong(Math.max(0, timeNanos)).put(id).array();
    }

    private static long time(byte[] value) {
        return ByteBuffer.wrap(value).getLong();
    }

    static byte[] encode(long timeNanos, ProcessCreation creation) {
        byte[][] parts = {bytes(creation.commandLine()), bytes(creation.md5()), bytes(creation.sha256())};
        int size = Long.BYTES;
        for (byte[] part : parts) {
            size += Integer.BYTES + (part == null ? 0 : part.length);
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).putLong(timeNanos);
        for (byte[] part : parts) {
            buffer.putInt(part == null ? -1 : part.length);
            if (part != null) {
                buffer.put(part);
            }
        }
        return buffer.array();
    }

    /** Null for bytes this class did not write: an unknown process rather than a failure. */
    static ProcessCreation decode(byte[] value) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(value, Long.BYTES, value.length - Long.BYTES);
            return new ProcessCreation(string(buffer), string(buffer), string(buffer));
        } catch (RuntimeException corrupt) {
            return null;
        }
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0) {
            return null;
        }
        if (length > buffer.remaining()) {
            throw new IllegalStateException("string longer than the value");
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
