package org.rareegress.event.read;

import static org.rareegress.event.read.ScannedRow.ACTION_TYPE;
import static org.rareegress.event.read.ScannedRow.COMMAND_LINE;
import static org.rareegress.event.read.ScannedRow.DEVICE_ID;
import static org.rareegress.event.read.ScannedRow.DEVICE_NAME;
import static org.rareegress.event.read.ScannedRow.FOLDER_PATH;
import static org.rareegress.event.read.ScannedRow.MD5;
import static org.rareegress.event.read.ScannedRow.PROCESS_FILE_NAME;
import static org.rareegress.event.read.ScannedRow.PROTOCOL;
import static org.rareegress.event.read.ScannedRow.REMOTE_IP;
import static org.rareegress.event.read.ScannedRow.REMOTE_IP_TYPE;
import static org.rareegress.event.read.ScannedRow.REMOTE_URL;
import static org.rareegress.event.read.ScannedRow.SHA256;
import static org.rareegress.event.read.ScannedRow.TABLE;
import static org.rareegress.event.read.ScannedRow.TIMESTAMP;
import static org.rareegress.event.read.ScannedRow.TIME_GENERATED;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import org.rareegress.event.EarlyDrop;
import org.rareegress.event.IpAddresses;
import org.rareegress.event.RemoteAddressKind;
import org.rareegress.event.Timestamps;

/**
 * Drops a scanned flat row from its bytes when an {@link EarlyDrop} clause drops it and the row is valid: the
 * row is judged as {@link EventValidator} and the filter would judge the event, without decoding it. It only
 * ever answers "dropped by this clause, at this time" when both checks surely pass on the bytes; on any doubt
 * (an escape, a length or value to look at closer, a rare timestamp form, a bad value) it answers "not sure"
 * and the row is decoded and validated as always, so a bad row gets its dead letter and its own reason.
 */
final class EarlyDropRows {
    private static final byte[] NETWORK_TABLE = RowDelivery.SENTINEL_NETWORK_TABLE.getBytes(StandardCharsets.US_ASCII);

    private final EventValidator validator;
    private final byte[][] protocols;
    private final byte[][] actionTypes;
    private final byte[][] remoteIpTypes;
    private final boolean requireEmptyRemoteUrl;
    /** The later clauses; {@code suffix} is null when they are not judged from the bytes. */
    private final IntPredicate excludedNetwork;
    private final byte[] suffix;
    private final Pattern excludedProcess;
    private final boolean[] excludedPort = new boolean[65536];
    /** The clause of the last {@link #dropTime} that dropped a row. */
    EarlyDrop.Clause clause;

    private EarlyDropRows(EventValidator validator, EarlyDrop drop) {
        this.validator = validator;
        this.protocols = utf8(drop.protocols());
        this.actionTypes = utf8(drop.actionTypes());
        this.remoteIpTypes = utf8(drop.remoteIpTypes());
        this.requireEmptyRemoteUrl = drop.requireEmptyRemoteUrl();
        this.excludedNetwork = drop.excludedNetwork();
        // Only an ASCII suffix is compared byte by byte (String.regionMatches ignores case beyond ASCII too).
        this.suffix = drop.judgesLaterClauses() && isAscii(drop.processSuffix())
                ? drop.processSuffix().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII) : null;
        this.excludedProcess = drop.excludedProcess();
        drop.excludedPorts().forEach(port -> excludedPort[port] = true);
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    /**
     * Null (nothing dropped early) when there is no {@code drop}, or when one of its values is not valid Unicode:
     * then comparing bytes would not be comparing Strings.
     */
    static EarlyDropRows of(EventValidator validator, EarlyDrop drop) {
        if (drop == null) {
            return null;
        }
        for (Set<String> values : List.of(drop.protocols(), drop.actionTypes(), drop.remoteIpTypes())) {
            for (String value : values) {
                if (!new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(value)) {
                    return null;
                }
            }
        }
        return new EarlyDropRows(validator, drop);
    }

    /**
     * The row's event time when it is valid and dropped by a clause (then named by {@link #clause}); else
     * {@link Long#MIN_VALUE}, and the row must be delivered the whole way.
     */
    long dropTime(ScannedRow row) {
        EarlyDrop.Clause dropped = clause(row);
        if (dropped == null || (row.present(TABLE) && !row.plainEquals(TABLE, NETWORK_TABLE))) {
            return Long.MIN_VALUE;
        }
        long time = validTime(row);
        clause = dropped;
        return time;
    }

    private static byte[][] utf8(Set<String> values) {
        return values.stream().map(value -> value.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    /** The first clause the row fails, as the filter tries them; null when it fails none or bytes cannot tell. */
    private EarlyDrop.Clause clause(ScannedRow row) {
        int protocol = member(row, PROTOCOL, protocols);
        if (protocol <= 0) {
            return protocol == 0 ? EarlyDrop.Clause.PROTOCOL : null;
        }
        int actionType = member(row, ACTION_TYPE, actionTypes);
        if (actionType <= 0) {
            return actionType == 0 ? EarlyDrop.Clause.ACTION_TYPE : null;
        }
        int remoteIpType = member(row, REMOTE_IP_TYPE, remoteIpTypes);
        if (remoteIpType <= 0) {
            return remoteIpType == 0 ? EarlyDrop.Clause.REMOTE_IP_TYPE : null;
        }
        // An escape stands for one character, so a string of bytes is empty exactly when its text is.
        if (requireEmptyRemoteUrl && row.present(REMOTE_URL) && row.rawLength(REMOTE_URL) > 0) {
            return EarlyDrop.Clause.REMOTE_URL;
        }
        return suffix == null ? null : laterClause(row);
    }

    /**
     * The filter's later clauses, tried in its order, where the bytes leave no doubt: a present, plain ASCII address,
     * process name and a port. A missing one changes what the filter makes of the row (a dead letter unless a later
     * clause drops it): such rows, and every other doubt, are decoded and judged whole (null).
     */
    private EarlyDrop.Clause laterClause(ScannedRow row) {
        if (!row.plainAscii(REMOTE_IP) || row.rawLength(REMOTE_IP) == 0) {
            return null;
        }
        byte[] b = row.bytes;
        int from = row.start(REMOTE_IP);
        int to = row.end(REMOTE_IP);
        int ipv4;
        if (IpAddresses.isDottedQuad(b, from, to)) {
            ipv4 = dottedQuadValue(b, from, to);
        } else {
            IpAddresses.Parsed parsed;
            try {
                parsed = IpAddresses.parse(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (parsed.kind() == RemoteAddressKind.IPV6) {
                return EarlyDrop.Clause.NOT_IPV4;
            }
            if (parsed.kind() != RemoteAddressKind.IPV4_MAPPED) {
                return null;
            }
            ipv4 = parsed.ipv4();
        }
        if (excludedNetwork != null && excludedNetwork.test(ipv4)) {
            return EarlyDrop.Clause.EXCLUDED_NETWORK;
        }
        if (!row.plainAscii(PROCESS_FILE_NAME) || row.rawLength(PROCESS_FILE_NAME) == 0) {
            return null;
        }
        if (!endsWithSuffix(b, row.start(PROCESS_FILE_NAME), row.end(PROCESS_FILE_NAME))) {
            return EarlyDrop.Clause.PROCESS_SUFFIX;
        }
        if (excludedProcess != null && excludedProcess.matcher(new String(b, row.start(PROCESS_FILE_NAME),
                row.rawLength(PROCESS_FILE_NAME), StandardCharsets.ISO_8859_1)).find()) {
            return EarlyDrop.Clause.EXCLUDED_PROCESS;
        }
        return row.remotePort >= 0 && excludedPort[row.remotePort] ? EarlyDrop.Clause.EXCLUDED_PORT : null;
    }

    /** Whether ASCII {@code b[from, to)} ends with the suffix, ignoring ASCII case as String.regionMatches does. */
    private boolean endsWithSuffix(byte[] b, int from, int to) {
        int at = to - suffix.length;
        if (at < from) {
            return false;
        }
        for (int k = 0; k < suffix.length; k++) {
            byte c = b[at + k];
            if ((c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c) != suffix[k]) {
                return false;
            }
        }
        return true;
    }

    /** The address of a dotted quad {@link IpAddresses#isDottedQuad} accepted, as the filter's int. */
    private static int dottedQuadValue(byte[] b, int from, int to) {
        int address = 0;
        int octet = 0;
        for (int k = from; k < to; k++) {
            if (b[k] == '.') {
                address = address << 8 | octet;
                octet = 0;
            } else {
                octet = octet * 10 + (b[k] - '0');
            }
        }
        return address << 8 | octet;
    }

    /** 1 when the field is one of {@code values}, 0 when it is not (or null), -1 when its bytes cannot tell. */
    private static int member(ScannedRow row, int field, byte[][] values) {
        if (!row.present(field)) {
            return 0;
        }
        if (!row.plain(field)) {
            return -1;
        }
        for (byte[] value : values) {
            if (row.plainEquals(field, value)) {
                return 1;
            }
        }
        return 0;
    }

    /** {@link EventValidator#validate}'s checks, passed on the bytes: the event time, or MIN_VALUE when unsure. */
    private long validTime(ScannedRow row) {
        int timeField = row.present(TIMESTAMP) && row.rawLength(TIMESTAMP) > 0 ? TIMESTAMP : TIME_GENERATED;
        if (!row.plainAscii(timeField)) {
            return Long.MIN_VALUE;
        }
        long time = Timestamps.parseUtcFast(row.bytes, row.start(timeField), row.end(timeField));
        if (time == Long.MIN_VALUE || time > validator.latestAllowed()) {
            return Long.MIN_VALUE;
        }
        boolean valid = nonEmpty(row, DEVICE_ID) && nonEmpty(row, ACTION_TYPE)
                && name(row, DEVICE_ID, EventValidator.MAX_DEVICE_LENGTH)
                && name(row, DEVICE_NAME, EventValidator.MAX_DEVICE_LENGTH)
                && shorter(row, ACTION_TYPE, EventValidator.MAX_IDENTIFIER_LENGTH)
                && shorter(row, PROTOCOL, EventValidator.MAX_IDENTIFIER_LENGTH)
                && shorter(row, REMOTE_IP_TYPE, EventValidator.MAX_IDENTIFIER_LENGTH)
                && name(row, PROCESS_FILE_NAME, EventValidator.MAX_FILE_NAME_LENGTH)
                && hexOrEmpty(row, MD5, EventValidator.MD5_HEX_LENGTH)
                && hexOrEmpty(row, SHA256, EventValidator.SHA256_HEX_LENGTH)
                && shorter(row, REMOTE_URL, EventValidator.MAX_TEXT_LENGTH)
                && shorter(row, COMMAND_LINE, EventValidator.MAX_TEXT_LENGTH)
                && shorter(row, FOLDER_PATH, EventValidator.MAX_TEXT_LENGTH)
                && address(row);
        return valid ? time : Long.MIN_VALUE;
    }

    private static boolean nonEmpty(ScannedRow row, int field) {
        return row.present(field) && row.rawLength(field) > 0;
    }

    /** At most {@code max} UTF-16 units for sure: a string never has more of them than bytes. */
    private static boolean shorter(ScannedRow row, int field, int max) {
        return !row.present(field) || row.rawLength(field) <= max;
    }

    /** Short enough and free of control characters: without an escape there can be none (the scanner refuses them raw). */
    private static boolean name(ScannedRow row, int field, int max) {
        return !row.present(field) || (row.plain(field) && row.rawLength(field) <= max);
    }

    private static boolean hexOrEmpty(ScannedRow row, int field, int hexLength) {
        if (!row.present(field) || row.rawLength(field) == 0) {
            return true;
        }
        if (!row.plain(field) || row.rawLength(field) != hexLength) {
            return false;
        }
        byte[] b = row.bytes;
        for (int i = row.start(field); i < row.end(field); i++) {
            byte c = b[i];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean address(ScannedRow row) {
        if (!row.present(REMOTE_IP) || row.rawLength(REMOTE_IP) == 0) {
            return true;
        }
        if (!row.plainAscii(REMOTE_IP)) {
            return false;
        }
        if (IpAddresses.isDottedQuad(row.bytes, row.start(REMOTE_IP), row.end(REMOTE_IP))) {
            return true;
        }
        try {
            IpAddresses.parse(new String(row.bytes, row.start(REMOTE_IP), row.rawLength(REMOTE_IP), StandardCharsets.ISO_8859_1));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
