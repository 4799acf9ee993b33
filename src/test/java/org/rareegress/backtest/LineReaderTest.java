package org.rareegress.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    private static final int MAX = 100_000;

    private record Line(long number, int length, String start) {
    }

    private static List<Line> read(byte[] input) throws IOException {
        List<Line> lines = new ArrayList<>();
        LineReader.read(new ByteArrayInputStream(input), MAX, (buffer, offset, length, number) ->
                lines.add(new Line(number, length, new String(buffer, offset, Math.min(length, 8), StandardCharsets.UTF_8))));
        return lines;
    }

    @Test
    void aLineLongerThanTheLimitIsHandedOnCutJustOverItAndTheNextLinesAreReadAsUsual() throws IOException {
        byte[] monster = new byte[5 * MAX];
        Arrays.fill(monster, (byte) 'x');
        byte[] input = concat(monster, "\n{\"ok\":1}\n".getBytes(StandardCharsets.UTF_8));

        List<Line> lines = read(input);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).length()).isGreaterThan(MAX).isLessThanOrEqualTo(Math.max(MAX + 1, 1 << 16));
        assertThat(lines.get(1)).isEqualTo(new Line(2, 8, "{\"ok\":1}"));
    }

    @Test
    void aFileThatIsOneEndlessLineEndsAsOneCutLine() throws IOException {
        byte[] monster = new byte[7 * MAX + 3];
        Arrays.fill(monster, (byte) 'y');

        List<Line> lines = read(monster);

        assertThat(lines).extracting(Line::number).containsExactly(1L);
    }

    @Test
    void skipsBlankLinesButCountsThemAndDropsCarriageReturns() throws IOException {
        List<Line> lines = read("a\r\n\n  \nb".getBytes(StandardCharsets.UTF_8));

        assertThat(lines).containsExactly(new Line(1, 1, "a"), new Line(4, 1, "b"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
