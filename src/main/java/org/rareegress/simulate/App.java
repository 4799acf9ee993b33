package org.rareegress.simulate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A program as the sensor sees it: its binary (hashes, version info), how it is launched (folder,
 * command line, parent, account) and the connections it makes. Its JSON pieces are encoded once.
 *
 * @param fileNames    the file name, or several spellings of it: each device has one (Chrome.EXE, chrome.exe)
 * @param installShare share of the fleet that has it; at least {@code minInstalls} devices do
 * @param weight       relative share of a device's background events that come from it
 */
record App(List<String> fileNames, Binary binary, Launch launch, List<Flow> flows, double installShare,
           int minInstalls, int weight, Pieces pieces) {

    /** What the file is: the same bytes, hence the same hashes, on every device. */
    record Binary(String product, String company, String version, String description, long fileSize) {
    }

    /**
     * How it runs. {@code folder} and {@code commandLine} may contain {@code {user}}, the device user's name.
     */
    record Launch(String folder, String commandLine, String parent, Account account, String integrity,
                  String elevation) {
    }

    /** The pre-encoded pieces, see {@link RowRenderer} for where each goes. */
    record Pieces(byte[][] hashes, byte[][] commandLine, byte[][] folder, byte[] parent, byte[] integrity,
                  int[] cumulativeFlowWeights, String md5, String sha256) {
    }

    static App of(List<String> fileNames, Binary binary, Launch launch, List<Flow> flows, double installShare,
                  int minInstalls, int weight) {
        String seed = "rare-egress-simulated:" + binary.product() + ":" + binary.version();
        String sha1 = digest("SHA-1", seed);
        String sha256 = digest("SHA-256", seed);
        String md5 = digest("MD5", seed);
        byte[][] hashes = new byte[fileNames.size()][];
        for (int i = 0; i < hashes.length; i++) {
            String name = Json.escape(fileNames.get(i));
            hashes[i] = Json.utf8(sha1 + "\",\"InitiatingProcessSHA256\":\"" + sha256
                    + "\",\"InitiatingProcessMD5\":\"" + md5
                    + "\",\"InitiatingProcessFileName\":\"" + name
                    + "\",\"InitiatingProcessFileSize\":" + binary.fileSize()
                    + ",\"InitiatingProcessVersionInfoCompanyName\":\"" + Json.escape(binary.company())
                    + "\",\"InitiatingProcessVersionInfoProductName\":\"" + Json.escape(binary.product())
                    + "\",\"InitiatingProcessVersionInfoProductVersion\":\"" + Json.escape(binary.version())
                    + "\",\"InitiatingProcessVersionInfoInternalFileName\":\"" + name
                    + "\",\"InitiatingProcessVersionInfoOriginalFileName\":\"" + name
                    + "\",\"InitiatingProcessVersionInfoFileDescription\":\"" + Json.escape(binary.description())
                    + "\",\"InitiatingProcessId\":");
        }
        int[] cumulative = new int[flows.size()];
        int total = 0;
        for (int i = 0; i < flows.size(); i++) {
            total += flows.get(i).weight();
            cumulative[i] = total;
        }
        Pieces pieces = new Pieces(hashes, Json.userTemplate(launch.commandLine()), Json.userTemplate(launch.folder()),
                Json.utf8("\",\"InitiatingProcessParentFileName\":\"" + Json.escape(launch.parent())
                        + "\",\"InitiatingProcessParentId\":"),
                Json.utf8(launch.integrity() + "\",\"InitiatingProcessTokenElevation\":\"" + launch.elevation()
                        + "\",\"ReportId\":"),
                cumulative, md5, sha256);
        return new App(List.copyOf(fileNames), binary, launch, List.copyOf(flows), installShare, minInstalls, weight,
                pieces);
    }

    String fileName() {
        return fileNames.get(0);
    }

    /** A flow drawn by weight. */
    Flow flow(Rng rng) {
        int[] cumulative = pieces.cumulativeFlowWeights();
        int draw = rng.nextInt(cumulative[cumulative.length - 1]);
        int i = 0;
        while (cumulative[i] <= draw) {
            i++;
        }
        return flows.get(i);
    }

    private static String digest(String algorithm, String text) {
        try {
            byte[] hash = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }
}
