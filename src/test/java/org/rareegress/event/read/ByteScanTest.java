package org.rareegress.event.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteScanTest {
    private static final byte[] ALPHABET = {'a', 'Z', ' ', '"', '\\', '\n', 0x1f, 0x20, 0x7f, (byte) 0x80, (byte) 0xc3, (byte) 0xff, 0};

    @Test
    void findsTheSameIndexAsAPlainLoopAtEveryOffsetAndLength() {
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(6) == 0 ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte) ('a' + random.nextInt(26));
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int to = from + random.nextInt(bytes.length - from + 1);

            assertThat(ByteScan.indexOf(bytes, from, to, (byte) '\n')).isEqualTo(plainIndexOf(bytes, from, to));
            assertThat(ByteScan.stringStop(bytes, from, to)).isEqualTo(plainStringStop(bytes, from, to));
        }
    }

    private static int plainIndexOf(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int plainStringStop(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '"' || bytes[i] == '\\' || (bytes[i] & 0xff) < 0x20 || (bytes[i] & 0xff) > 0x7f) {
                return i;
            }
        }
        return to;
    }

    @Test
    void regionEqualsAgreesWithArraysEqualsForEveryLengthAndOffset() {
        Random random = new Random(14);
        int matches = 0;
        for (int round = 0; round < 50_000; round++) {
            byte[] word = new byte[1 + random.nextInt(30)];
            for (int k = 0; k < word.length; k++) {
                word[k] = (byte) ('a' + random.nextInt(2));
            }
            byte[] bytes = new byte[word.length + random.nextInt(10)];
            int from = random.nextInt(bytes.length - word.length + 1);
            for (int k = 0; k < bytes.length; k++) {
                bytes[k] = (byte) ('a' + random.nextInt(2));
            }
            if (random.nextBoolean()) {
                System.arraycopy(word, 0, bytes, from, word.length);
                if (random.nextBoolean()) {
                    bytes[from + random.nextInt(word.length)] ^= 1;
                }
            }

            boolean equal = ByteScan.regionEquals(bytes, from, word);

            assertThat(equal).isEqualTo(java.util.Arrays.equals(bytes, from, from + word.length, word, 0, word.length));
            matches += equal ? 1 : 0;
        }
        assertThat(matches).isBetween(5_000, 45_000);
    }
}
