package org.rareegress.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.rareegress.backtest.LineReader;
import org.rareegress.config.Settings;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.ReadSink;
import org.rareegress.event.RecordReader;
import org.rareegress.event.SourceRef;
import org.rareegress.event.read.RecordReaders;

/**
 * Row 1, the parse limit: the file read line by line and each line parsed to a {@link NetworkEvent} by
 * the reader the topology uses (same settings, same validation), nothing else. No topology, no filter:
 * the backtest cannot be faster than this.
 */
final class ParseLimit {
    private ParseLimit() {
    }

    record Result(long lines, long events, long rejected, long bytes, Measured time) {
    }

    static Result run(Path file, Settings settings) throws IOException {
        RecordReader reader = RecordReaders.create(settings.input(), Clock.systemUTC());
        Counting sink = new Counting();
        String name = file.toString();
        long[] lines = {0};
        long[] bytes = {0};
        Measured.Start start = Measured.start();
        LineReader.read(file, settings.input().maxRecordBytes(), (buffer, offset, length, number) -> {
            // The topology hands each reader a line of its own too (ParseNetworkEvents copies it out of the batch).
            byte[] line = java.util.Arrays.copyOfRange(buffer, offset, offset + length);
            reader.read(line, SourceRef.file(name, number), sink);
            lines[0]++;
            bytes[0] += length + 1;
        });
        return new Result(lines[0], sink.events, sink.rejected, bytes[0], start.stop());
    }

    private static final class Counting implements ReadSink {
        long events;
        long rejected;
        /** Keeps the JIT from proving the events unused. */
        long checksum;

        @Override
        public void event(NetworkEvent event) {
            events++;
            checksum += event.timestampNanos() + event.remotePort();
        }

        @Override
        public void reject(DeadLetter deadLetter) {
            rejected++;
        }

        @Override
        public void skip(String what) {
        }
    }
}
