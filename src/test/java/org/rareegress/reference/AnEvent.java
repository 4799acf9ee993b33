package org.rareegress.reference;

import java.time.Instant;
import org.rareegress.event.Timestamps;

/**
 * Test data builder: a candidate event by default (Tcp, ConnectionSuccess, Public, 8.8.8.8:4444,
 * tool.exe on d1), changed field by field: {@code anEvent().process("x.exe").device("d2").at("2024-05-01T10:00:00Z")}.
 */
public final class AnEvent {
    private long timestamp = Timestamps.toNanos(Instant.parse("2024-05-01T00:00:00Z"));
    private String device = "d1";
    private String deviceName;
    private String actionType = "ConnectionSuccess";
    private String protocol = "Tcp";
    private String remoteIpType = "Public";
    private String remoteIp = "8.8.8.8";
    private int port = 4444;
    private String url = "";
    private String process = "tool.exe";
    private String md5 = "0123456789abcdef0123456789abcdef";
    private String commandLine;

    private AnEvent() {
    }

    public static AnEvent anEvent() {
        return new AnEvent();
    }

    public AnEvent at(String iso) {
        timestamp = Timestamps.toNanos(Instant.parse(iso));
        return this;
    }

    public AnEvent atNanos(long nanos) {
        timestamp = nanos;
        return this;
    }

    public AnEvent device(String id) {
        device = id;
        return this;
    }

    public AnEvent deviceName(String name) {
        deviceName = name;
        return this;
    }

    public AnEvent process(String fileName) {
        process = fileName;
        return this;
    }

    public AnEvent remoteIp(String ip) {
        remoteIp = ip;
        return this;
    }

    public AnEvent port(int remotePort) {
        port = remotePort;
        return this;
    }

    public AnEvent md5(String hash) {
        md5 = hash;
        return this;
    }

    public AnEvent commandLine(String line) {
        commandLine = line;
        return this;
    }

    public AnEvent protocol(String value) {
        protocol = value;
        return this;
    }

    public AnEvent actionType(String value) {
        actionType = value;
        return this;
    }

    public AnEvent remoteIpType(String value) {
        remoteIpType = value;
        return this;
    }

    public AnEvent remoteUrl(String value) {
        url = value;
        return this;
    }

    public RawEvent build() {
        String name = deviceName == null ? device + ".corp.example" : deviceName;
        return new RawEvent(timestamp, Timestamps.format(timestamp), device, name, actionType, protocol, remoteIpType,
                remoteIp, port, url, process, md5, null, commandLine, null);
    }

    public String json() {
        return build().toJson();
    }
}
