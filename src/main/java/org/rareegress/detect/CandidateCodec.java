package org.rareegress.detect;

import org.rareegress.event.SourceRef;

/** The binary form of a {@link Candidate} on the repartition topic: a few dozen bytes, no field names. */
public final class CandidateCodec {
    private static final int VERSION = 1;

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
        out.writeString(c.deviceId());
        out.writeString(c.deviceName());
        out.writeInt(c.remoteIpv4());
        out.writeVarInt(c.remotePort());
        out.writeString(c.processFileName());
        out.writeString(c.md5());
        out.writeString(c.sha256());
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
        String deviceId = in.readString();
        String deviceName = in.readString();
        int remoteIp = in.readInt();
        int remotePort = in.readVarInt();
        String process = in.readString();
        String md5 = in.readString();
        String sha256 = in.readString();
        String commandLine = in.readString();
        String folderPath = in.readString();
        SourceRef source = new SourceRef(in.readString(), (int) in.readZigZag(), in.readZigZag(), in.readString(),
                in.readZigZag(), in.readVarInt());
        return new Candidate(timestamp, deviceId, deviceName, remoteIp, remotePort, process, md5, sha256, commandLine,
                folderPath, source);
    }
}
