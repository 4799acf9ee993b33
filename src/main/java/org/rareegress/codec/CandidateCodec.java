package org.rareegress.codec;

import org.rareegress.detect.Candidate;
import org.rareegress.event.SourceRef;

/**
 * The binary form of a {@link Candidate} on the repartition topic and in the held-events store: no field
 * names, and the DeviceId, MD5 and SHA256 as raw bytes when they are lower-case hex (Defender's form),
 * which halves them.
 */
public final class CandidateCodec {
    /** Version 2: hex fields as bytes (semantics version 2); version 1 wrote them as text. */
    private static final int VERSION = 2;
    private static final int SHA256_HEX = 64;

    private CandidateCodec() {
    }

    public static byte[] encode(Candidate candidate) {
        BinaryWriter out = new BinaryWriter(128);
        out.writeByte(VERSION);
        write(out, candidate);
        return out.toByteArray();
    }

    public static Candidate decode(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        int version = in.readByte();
        if (version != VERSION) {
            throw new IllegalStateException("unknown candidate encoding version " + version);
        }
        Candidate candidate = read(in);
        in.requireEnd("candidate");
        return candidate;
    }

    public static void write(BinaryWriter out, Candidate c) {
        out.writeVarLong(c.timestampNanos());
        CompactFields.writeHexOrText(out, c.deviceId(), CompactFields.DEVICE_ID_HEX);
        out.writeString(c.deviceName());
        out.writeInt(c.remoteIpv4());
        out.writeVarInt(c.remotePort());
        out.writeString(c.processFileName());
        CompactFields.writeHexOrText(out, c.md5(), CompactFields.MD5_HEX);
        CompactFields.writeHexOrText(out, c.sha256(), SHA256_HEX);
        out.writeString(c.commandLine());
        out.writeString(c.folderPath());
        SourceRef source = c.source() == null ? SourceRef.unknown() : c.source();
        out.writeString(source.topic());
        out.writeZigZag(source.partition());
        out.writeZigZag(source.offset());
        out.writeString(source.file());
        out.writeZigZag(source.line());
        out.writeVarInt(source.index());
    }

    public static Candidate read(BinaryReader in) {
        long timestamp = in.readVarLong();
        String deviceId = CompactFields.readHexOrText(in, CompactFields.DEVICE_ID_HEX);
        String deviceName = in.readString();
        int remoteIp = in.readInt();
        int remotePort = in.readVarInt();
        String process = in.readString();
        String md5 = CompactFields.readHexOrText(in, CompactFields.MD5_HEX);
        String sha256 = CompactFields.readHexOrText(in, SHA256_HEX);
        String commandLine = in.readString();
        String folderPath = in.readString();
        SourceRef source = new SourceRef(in.readString(), (int) in.readZigZag(), in.readZigZag(), in.readString(),
                in.readZigZag(), in.readVarInt());
        return new Candidate(timestamp, deviceId, deviceName, remoteIp, remotePort, process, md5, sha256, commandLine,
                folderPath, source);
    }
}
