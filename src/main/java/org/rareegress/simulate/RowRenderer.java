package org.rareegress.simulate;

/**
 * Assembles one DeviceNetworkEvents row, in the column order of an Advanced Hunting export, from
 * the pieces the device, the app, the flow and the target encoded up front. Per event it only
 * copies bytes and prints numbers and timestamps.
 */
final class RowRenderer {
    private static final byte[] OPEN = Json.utf8("{\"Timestamp\":\"");
    private static final byte[] NULL = Json.utf8("null");
    private static final byte[] COMMAND_LINE = Json.utf8(",\"InitiatingProcessCommandLine\":\"");
    private static final byte[] CREATION_TIME = Json.utf8("\",\"InitiatingProcessCreationTime\":\"");
    private static final byte[] FOLDER_PATH = Json.utf8("\",\"InitiatingProcessFolderPath\":\"");
    private static final byte[] PARENT_CREATION_TIME = Json.utf8(",\"InitiatingProcessParentCreationTime\":\"");
    private static final byte[] CLOSE = Json.utf8(",\"AppGuardContainerId\":\"\",\"AdditionalFields\":null}");
    /** Account pieces of the built-in accounts, by {@link Account} ordinal (USER comes from the device). */
    private static final byte[][] ACCOUNTS = {Account.SYSTEM.piece(), Account.LOCAL_SERVICE.piece(),
        Account.NETWORK_SERVICE.piece(), null};
    private static final int EPHEMERAL_FIRST = 49_152;
    private static final long SIX_HOURS = 6 * RowWriter.TICKS_PER_HOUR;
    private static final long TEN_MINUTES = 600 * RowWriter.TICKS_PER_SECOND;

    private final long seed;
    private final long[] reportIds;

    RowRenderer(long seed, int devices, long firstReportId) {
        this.seed = seed;
        this.reportIds = new long[devices];
        for (int i = 0; i < devices; i++) {
            // Defender's ReportId counts per device; start each somewhere plausible.
            reportIds[i] = firstReportId + (Rng.hash(seed, i, 7) >>> 44);
        }
    }

    /**
     * Writes one row into {@code w}.
     *
     * @param appKey     identifies the process for its per-day instance (PID, creation time)
     * @param remotePort -1 writes null (a listening socket has no remote end)
     */
    void render(RowWriter w, long tick, Device device, App app, int spelling, Flow flow, Target target,
                int remotePort, int localPort, int appKey) {
        Device.Pieces d = device.pieces();
        App.Pieces a = app.pieces();
        w.reset();
        w.bytes(OPEN).timestamp(tick).bytes(d.head()).bytes(flow.actionPiece()).bytes(target.ipPiece());
        if (remotePort < 0) {
            w.bytes(NULL);
        } else {
            w.number(remotePort);
        }
        w.bytes(target.urlPiece()).bytes(d.local()[target.family().ordinal()]).number(localPort)
                .bytes(target.tail(flow.protocol())).bytes(a.hashes()[spelling]);

        // One process instance per device, app and UTC day: it started before the day began, so its
        // creation time always precedes its events.
        long day = Math.floorDiv(tick, RowWriter.TICKS_PER_DAY);
        long instance = Rng.hash(seed ^ device.index(), appKey, day);
        boolean kernel = app.launch().folder().isEmpty();
        long created = day * RowWriter.TICKS_PER_DAY - 1 - Long.remainderUnsigned(instance, SIX_HOURS);
        long parentCreated = created - Long.remainderUnsigned(instance >>> 13, TEN_MINUTES);
        w.number(kernel ? 4 : 4 * (100 + Long.remainderUnsigned(instance >>> 7, 12_000)));
        w.bytes(COMMAND_LINE);
        template(w, a.commandLine(), d.user());
        w.bytes(CREATION_TIME).timestamp(created).bytes(FOLDER_PATH);
        template(w, a.folder(), d.user());
        w.bytes(a.parent()).number(kernel ? 0 : 4 * (100 + Long.remainderUnsigned(instance >>> 23, 2_000)));
        w.bytes(PARENT_CREATION_TIME).timestamp(parentCreated);
        w.bytes(app.launch().account() == Account.USER ? d.account() : ACCOUNTS[app.launch().account().ordinal()]);
        w.bytes(a.integrity()).number(reportIds[device.index()]++).bytes(CLOSE);
    }

    /** A random ephemeral port, as Windows hands out for outbound connections. */
    static int ephemeralPort(Rng rng) {
        return EPHEMERAL_FIRST + rng.nextInt(65_536 - EPHEMERAL_FIRST);
    }

    /** Draws the remote end and ports of one event of {@code flow} and renders it. */
    void render(RowWriter w, long tick, Device device, App app, int spelling, Flow flow, Rng rng, int appKey) {
        Target target = flow.targets().get(rng.nextInt(flow.targets().size()));
        int port = flow.ports()[rng.nextInt(flow.ports().length)];
        int ephemeral = ephemeralPort(rng);
        switch (flow.direction()) {
            case OUT -> render(w, tick, device, app, spelling, flow, target, port, ephemeral, appKey);
            case IN -> render(w, tick, device, app, spelling, flow, target, ephemeral, port, appKey);
            case LISTEN -> render(w, tick, device, app, spelling, flow, target, -1, port, appKey);
            default -> throw new IllegalStateException("unknown direction " + flow.direction());
        }
    }

    private static void template(RowWriter w, byte[][] parts, byte[] user) {
        w.bytes(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            w.bytes(user).bytes(parts[i]);
        }
    }
}
