package org.rareegress.enrich;

import com.maxmind.db.CHMCache;
import com.maxmind.db.InvalidDatabaseException;
import com.maxmind.db.Metadata;
import com.maxmind.geoip2.DatabaseReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/** Opening a configured {@code .mmdb} file, and telling whether the file at a path is still the one opened. */
final class DatabaseFile {
    private static final int DATA_SECTION_SEPARATOR = 16;

    private DatabaseFile() {
    }

    /**
     * Which file a path names right now. The file key (the inode on Unix) changes when a new file is
     * renamed over the old one, as {@code geoipupdate} does, even within the same second and size.
     */
    record Stamp(FileTime modified, long size, Object fileKey) {
    }

    /** A reader and the stamp of the file it was opened from, taken before opening. */
    record Opened(DatabaseReader reader, Stamp stamp) {
    }

    /** Why a file cannot serve as the database; the message is the reason, without the path. */
    static final class UnusableException extends Exception {
        UnusableException(String reason) {
            super(reason);
        }
    }

    /** @throws IOException when nothing readable is at the path */
    static Stamp stamp(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    }

    /**
     * Opens the file memory-mapped, as MaxMind recommends: no heap copy, and opening reads only the
     * metadata, so a reload on a stream thread costs little. Mapping is why replacements must be
     * renamed over the old file rather than written into it.
     */
    static Opened open(DatabaseKind kind, Path path) throws UnusableException {
        if (!Files.exists(path)) {
            throw new UnusableException("no such file");
        }
        if (!Files.isRegularFile(path)) {
            throw new UnusableException("not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new UnusableException("permission denied");
        }
        Stamp stamp;
        DatabaseReader reader;
        try {
            // Stamp first: if the file is replaced while we open it, the next check sees a new stamp and reloads.
            stamp = stamp(path);
            // The node cache holds decoded records by their offset in this file, so each reader needs its own.
            reader = new DatabaseReader.Builder(path.toFile()).withCache(new CHMCache()).build();
        } catch (InvalidDatabaseException e) {
            // Typically no metadata marker: half-written, or not an mmdb at all (an HTML error page, say).
            throw new UnusableException("not a valid MaxMind DB file: " + e.getMessage());
        } catch (RuntimeException e) {
            // The reader decodes metadata with plain buffer reads: a cut-short file fails with whatever they throw.
            throw new UnusableException("not a valid MaxMind DB file: its metadata does not decode (" + e + ")");
        } catch (IOException e) {
            throw new UnusableException("cannot be read: " + e.getMessage());
        }
        String problem = problemWith(reader, kind, stamp.size());
        if (problem != null) {
            closeQuietly(reader);
            throw new UnusableException(problem);
        }
        return new Opened(reader, stamp);
    }

    /** What the metadata shows wrong: the reader itself only notices a bad tree later, on a lookup. */
    private static String problemWith(DatabaseReader reader, DatabaseKind kind, long fileBytes) {
        Metadata metadata = reader.metadata();
        String type = metadata.databaseType();
        if (type == null || !kind.accepts(type)) {
            return "it is a " + type + " database, but " + kind.key() + " needs " + kind.expected();
        }
        int recordSize = metadata.recordSize();
        if (recordSize != 24 && recordSize != 28 && recordSize != 32) {
            return "not a valid MaxMind DB file: record size " + recordSize;
        }
        long treeBytes = metadata.nodeCount() * recordSize / 4;
        if (metadata.nodeCount() <= 0 || treeBytes + DATA_SECTION_SEPARATOR > fileBytes) {
            return "not a valid MaxMind DB file: a search tree of " + metadata.nodeCount() + " nodes does not fit in "
                    + fileBytes + " bytes";
        }
        return null;
    }

    /** What the log says about an opened file, such as {@code GeoLite2-City built 2025-01-07T10:00:00Z}. */
    static String describe(DatabaseReader reader) {
        return reader.metadata().databaseType() + " built " + reader.metadata().buildTime();
    }

    static void closeQuietly(DatabaseReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // Closing only drops the reader's reference to the mapped buffer; there is nothing to recover.
        }
    }
}
