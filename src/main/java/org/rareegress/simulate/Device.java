package org.rareegress.simulate;

/**
 * One simulated machine, with the JSON pieces that carry its identity encoded once.
 *
 * @param index      position in the fleet (stable for a seed)
 * @param apps       indexes into the fleet's catalog of what is installed here
 * @param spellings  for each installed app, which of its file-name spellings this device has
 * @param cumulative cumulative event weights of {@code apps}, to draw one by weight
 */
record Device(int index, String deviceId, String deviceName, Kind kind, String userName, String localIpv4,
              String localIpv6, int[] apps, int[] spellings, int[] cumulative, Pieces pieces) {

    /** Workstations and laptops follow office hours; servers run flat out. */
    enum Kind { WORKSTATION, LAPTOP, SERVER }

    /**
     * @param head    DeviceId and DeviceName, up to ActionType's opening quote
     * @param local   LocalIP's value and LocalPort's key, indexed by {@link Target.Family} ordinal
     * @param user    the user name escaped, written into {user} templates
     * @param account the user's account fields, see {@link Account#piece}
     * @param key     DeviceId in bytes, the Kafka record key
     */
    record Pieces(byte[] head, byte[][] local, byte[] user, byte[] account, byte[] key) {
    }

    static Pieces pieces(String deviceId, String deviceName, String localIpv4, String localIpv6, String userName,
                         String accountPiece) {
        String[] locals = {localIpv4, localIpv6, "::ffff:" + localIpv4, "0.0.0.0"};
        byte[][] local = new byte[locals.length][];
        for (int i = 0; i < locals.length; i++) {
            local[i] = Json.utf8(locals[i] + "\",\"LocalPort\":");
        }
        return new Pieces(
                Json.utf8("\",\"DeviceId\":\"" + deviceId + "\",\"DeviceName\":\"" + Json.escape(deviceName)
                        + "\",\"ActionType\":\""),
                local, Json.utf8(Json.escape(userName)), Json.utf8(accountPiece), Json.utf8(deviceId));
    }

    boolean isServer() {
        return kind == Kind.SERVER;
    }

    /** Position in {@link #apps} of an installed app drawn by weight. */
    int drawApp(Rng rng) {
        int draw = rng.nextInt(cumulative[cumulative.length - 1]);
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] <= draw) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
