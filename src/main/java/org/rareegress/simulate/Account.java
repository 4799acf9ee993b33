package org.rareegress.simulate;

/** Whose token a process runs with: a built-in service account, or the device's signed-in user. */
enum Account {
    SYSTEM("nt authority", "system", "S-1-5-18"),
    LOCAL_SERVICE("nt authority", "local service", "S-1-5-19"),
    NETWORK_SERVICE("nt authority", "network service", "S-1-5-20"),
    USER(null, null, null);

    private final String domain;
    private final String name;
    private final String sid;

    Account(String domain, String name, String sid) {
        this.domain = domain;
        this.name = name;
        this.sid = sid;
    }

    /** AccountDomain through to the opening quote of IntegrityLevel's value, for a built-in account. */
    byte[] piece() {
        return Json.utf8(piece(domain, name, sid, "", ""));
    }

    static String piece(String domain, String name, String sid, String upn, String objectId) {
        return "\",\"InitiatingProcessAccountDomain\":\"" + Json.escape(domain)
                + "\",\"InitiatingProcessAccountName\":\"" + Json.escape(name)
                + "\",\"InitiatingProcessAccountSid\":\"" + sid
                + "\",\"InitiatingProcessAccountUpn\":\"" + Json.escape(upn)
                + "\",\"InitiatingProcessAccountObjectId\":\"" + objectId
                + "\",\"InitiatingProcessIntegrityLevel\":\"";
    }
}
