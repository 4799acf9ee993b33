package org.rareegress.enrich;

import com.maxmind.db.ClosedDatabaseException;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.rareegress.config.ConfigException;
import org.rareegress.detect.GeoInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured MaxMind file, reopened when a new file replaces it on disk. Thread-safe: lookups
 * read the current reader through one atomic reference; at most one thread at a time checks the
 * file, at most once per check interval, and the others go on with the reader they have.
 */
final class ReloadingDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingDatabase.class);
    static final int CACHE_CAPACITY = 4096;

    private final DatabaseKind kind;
    private final Path path;
    private final long checkIntervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicReference<Loaded> current;
    private final ReentrantLock checking = new ReentrantLock();
    private volatile long nextCheck;
    // The file version last opened or rejected, so a bad replacement is tried and reported once. Guarded by checking.
    private DatabaseFile.Stamp considered;

    /** A reader with the answers it gave; they are replaced together. */
    private record Loaded(DatabaseReader reader, LookupCache answers, AtomicBoolean failureLogged) {
        Loaded(DatabaseReader reader) {
            this(reader, new LookupCache(CACHE_CAPACITY), new AtomicBoolean());
        }
    }

    private ReloadingDatabase(DatabaseKind kind, Path path, Duration checkInterval, LongSupplier nanoTime,
                              DatabaseFile.Opened opened) {
        this.kind = kind;
        this.path = path;
        this.checkIntervalNanos = checkInterval.toNanos();
        this.nanoTime = nanoTime;
        this.current = new AtomicReference<>(new Loaded(opened.reader()));
        this.considered = opened.stamp();
        this.nextCheck = nanoTime.getAsLong() + checkIntervalNanos;
    }

    /**
     * Opens the file at start-up.
     *
     * @throws ConfigException keyed by the kind's configuration key, with the path and the reason
     */
    static ReloadingDatabase open(DatabaseKind kind, Path path, Duration checkInterval, LongSupplier nanoTime) {
        try {
            DatabaseFile.Opened opened = DatabaseFile.open(kind, path);
            LOG.info("{}: using {} ({}), checking for a replacement every {}", kind.key(), path,
                    DatabaseFile.describe(opened.reader()), checkInterval);
            return new ReloadingDatabase(kind, path, checkInterval, nanoTime, opened);
        } catch (DatabaseFile.UnusableException e) {
            throw new ConfigException(kind.key(), "cannot use " + path + ": " + e.getMessage());
        }
    }

    /** This database's part of what is known about the address; {@link GeoInfo#NONE} when it has nothing. */
    GeoInfo lookup(int ipv4) {
        checkForReplacementIfDue();
        Loaded loaded = current.get();
        GeoInfo cached = loaded.answers().get(ipv4);
        if (cached != null) {
            return cached;
        }
        InetAddress address = toAddress(ipv4);
        while (true) {
            try {
                GeoInfo answer = kind.read(loaded.reader(), address);
                loaded.answers().put(ipv4, answer);
                return answer;
            } catch (ClosedDatabaseException e) {
                // A reload swapped this reader out and closed it between our read of `current` and the lookup.
                Loaded newer = current.get();
                if (newer == loaded) {
                    return GeoInfo.NONE;
                }
                loaded = newer;
            } catch (IOException | GeoIp2Exception | RuntimeException e) {
                // The metadata was fine but the tree or data is not (the decoder then throws anything from
                // InvalidDatabaseException to buffer errors): answer nothing rather than stop a stream thread.
                if (loaded.failureLogged().compareAndSet(false, true)) {
                    LOG.warn("{}: lookups in {} fail, enrichment from it stays empty until the file is replaced: {}",
                            kind.key(), path, e.toString());
                }
                return GeoInfo.NONE;
            }
        }
    }

    private void checkForReplacementIfDue() {
        long now = nanoTime.getAsLong();
        if (now - nextCheck < 0 || !checking.tryLock()) {
            return;
        }
        try {
            if (now - nextCheck >= 0) {
                nextCheck = now + checkIntervalNanos;
                reloadIfReplaced();
            }
        } finally {
            checking.unlock();
        }
    }

    private void reloadIfReplaced() {
        DatabaseFile.Stamp seen;
        try {
            seen = DatabaseFile.stamp(path);
        } catch (IOException e) {
            seen = null;
        }
        if (Objects.equals(seen, considered)) {
            return;
        }
        considered = seen;
        Loaded old = current.get();
        if (seen == null) {
            // geoipupdate renames, so the path is never empty; someone removed the file: keep serving what we have.
            LOG.warn("{}: {} is gone or unreadable; keeping {}", kind.key(), path, DatabaseFile.describe(old.reader()));
            return;
        }
        try {
            DatabaseFile.Opened fresh = DatabaseFile.open(kind, path);
            considered = fresh.stamp();
            current.set(new Loaded(fresh.reader()));
            // Close only after the swap: a lookup still on the old reader retries on the new one.
            DatabaseFile.closeQuietly(old.reader());
            LOG.info("{}: reloaded {} ({}), was {}", kind.key(), path, DatabaseFile.describe(fresh.reader()),
                    DatabaseFile.describe(old.reader()));
        } catch (DatabaseFile.UnusableException e) {
            LOG.warn("{}: the new file at {} cannot be used ({}); keeping {}", kind.key(), path, e.getMessage(),
                    DatabaseFile.describe(old.reader()));
        }
    }

    private static InetAddress toAddress(int ipv4) {
        byte[] bytes = {(byte) (ipv4 >>> 24), (byte) (ipv4 >>> 16), (byte) (ipv4 >>> 8), (byte) ipv4};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    @Override
    public void close() {
        DatabaseFile.closeQuietly(current.get().reader());
    }
}
