package org.rareegress.simulate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The simulated machines, their users and what is installed on each, all drawn from the seed. */
final class Fleet {
    static final String DOMAIN = "corp.contoso.com";
    private static final String[] FIRST = {"anna", "ben", "carla", "david", "elif", "farid", "grace", "hugo", "ines",
        "jonas", "kim", "lena", "marco", "nora", "oscar", "priya", "quinn", "rosa", "sven", "tara", "umar", "vera",
        "wei", "yusuf", "zoe"};
    private static final String[] LAST = {"smith", "novak", "garcia", "muller", "rossi", "kowalski", "nguyen",
        "okafor", "larsen", "dubois", "tanaka", "silva", "khan", "jensen", "moreau", "fischer", "berg", "costa"};
    private static final String[] DEPARTMENTS = {"fin", "hr", "eng", "ops", "sales", "legal", "mkt", "it"};
    private static final String[] ROLES = {"sql", "web", "app", "file", "mgmt"};

    final List<Catalog.Entry> catalog;
    final List<Device> devices;

    Fleet(FleetSpec spec, Rng root) {
        Rng rng = root.fork(1);
        this.catalog = Catalog.build(new Pools(root.fork(2)));
        String domainSid = "S-1-5-21-" + (1_000_000_000L + rng.nextLong(3_000_000_000L)) + "-"
                + (1_000_000_000L + rng.nextLong(3_000_000_000L)) + "-" + (1_000_000_000L + rng.nextLong(3_000_000_000L));
        Device.Kind[] kinds = new Device.Kind[spec.devices()];
        for (int i = 0; i < kinds.length; i++) {
            double draw = rng.nextDouble();
            // A one-device fleet is a workstation: servers would run none of the interesting software.
            kinds[i] = draw < 0.1 && spec.devices() > 1 ? Device.Kind.SERVER : draw < 0.5 ? Device.Kind.LAPTOP
                    : Device.Kind.WORKSTATION;
        }
        List<List<Integer>> installed = install(kinds, root.fork(3));
        Set<String> userNames = new HashSet<>();
        List<Device> built = new ArrayList<>(kinds.length);
        for (int i = 0; i < kinds.length; i++) {
            built.add(device(i, kinds[i], installed.get(i), rng, domainSid, userNames));
        }
        this.devices = List.copyOf(built);
    }

    App app(int catalogIndex) {
        return catalog.get(catalogIndex).app();
    }

    /** For each catalog entry, a share of the devices it fits, chosen by a seeded shuffle. */
    private List<List<Integer>> install(Device.Kind[] kinds, Rng rng) {
        List<List<Integer>> installed = new ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            installed.add(new ArrayList<>());
        }
        for (int e = 0; e < catalog.size(); e++) {
            Catalog.Entry entry = catalog.get(e);
            List<Integer> eligible = new ArrayList<>();
            for (int i = 0; i < kinds.length; i++) {
                if (entry.fits(kinds[i])) {
                    eligible.add(i);
                }
            }
            Rng shuffle = rng.fork(e);
            for (int i = eligible.size() - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                eligible.set(i, eligible.set(j, eligible.get(i)));
            }
            int count = (int) Math.min(eligible.size(),
                    Math.max(Math.round(entry.app().installShare() * eligible.size()), entry.app().minInstalls()));
            for (int i = 0; i < count; i++) {
                installed.get(eligible.get(i)).add(e);
            }
        }
        return installed;
    }

    private Device device(int index, Device.Kind kind, List<Integer> apps, Rng rng, String domainSid,
                          Set<String> userNames) {
        StringBuilder id = new StringBuilder(40);
        while (id.length() < 40) {
            id.append(String.format(Locale.ROOT, "%016x", rng.nextLong()));
        }
        String deviceId = id.substring(0, 40);
        String first = FIRST[rng.nextInt(FIRST.length)];
        String last = LAST[rng.nextInt(LAST.length)];
        String user = kind == Device.Kind.SERVER ? "svc-" + ROLES[index % ROLES.length] : first + "." + last;
        for (int n = 2; !userNames.add(user); n++) {
            user = (kind == Device.Kind.SERVER ? "svc-" + ROLES[index % ROLES.length] : first + "." + last) + n;
        }
        String host = switch (kind) {
            case SERVER -> String.format(Locale.ROOT, "srv-%s-%03d", ROLES[index % ROLES.length], index);
            case LAPTOP -> String.format(Locale.ROOT, "lt-%s-%04d", DEPARTMENTS[rng.nextInt(DEPARTMENTS.length)], index);
            case WORKSTATION -> String.format(Locale.ROOT, "wks-%s-%04d", DEPARTMENTS[rng.nextInt(DEPARTMENTS.length)], index);
        };
        String localV4 = kind == Device.Kind.LAPTOP && rng.chance(0.3)
                ? "192.168." + (rng.chance(0.5) ? 1 : 178) + "." + (2 + rng.nextInt(250))
                : "10." + (1 + rng.nextInt(20)) + "." + rng.nextInt(256) + "." + (2 + rng.nextInt(250));
        String localV6 = String.format(Locale.ROOT, "2a02:908:%x:%x::%x", rng.nextInt(0x10000), rng.nextInt(0x10000),
                1 + rng.nextInt(0xffff));
        String objectId = uuid(rng);
        String account = Account.piece("contoso", user, domainSid + "-" + (1100 + index), user + "@contoso.com", objectId);
        int[] appIndexes = apps.stream().mapToInt(Integer::intValue).toArray();
        int[] spellings = new int[appIndexes.length];
        int[] cumulative = new int[appIndexes.length];
        int total = 0;
        for (int a = 0; a < appIndexes.length; a++) {
            App app = app(appIndexes[a]);
            spellings[a] = app.fileNames().size() == 1 ? 0 : rng.nextInt(app.fileNames().size());
            total += app.weight();
            cumulative[a] = total;
        }
        String name = host + "." + DOMAIN;
        return new Device(index, deviceId, name, kind, user, localV4, localV6, appIndexes, spellings, cumulative,
                Device.pieces(deviceId, name, localV4, localV6, user, account));
    }

    static String uuid(Rng rng) {
        String hex = String.format(Locale.ROOT, "%016x%016x", rng.nextLong(), rng.nextLong());
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-4" + hex.substring(13, 16) + "-a"
                + hex.substring(17, 20) + "-" + hex.substring(20, 32);
    }
}
