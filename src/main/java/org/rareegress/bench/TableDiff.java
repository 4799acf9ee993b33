package org.rareegress.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.rareegress.codec.OutputJson;
import org.rareegress.detect.GeoInfo;
import org.rareegress.detect.HuntRow;

/**
 * Compares two hunt tables as the JSON the backtest writes ({@code --report} lines), every column, in
 * order, and names the first difference. The GeoIP columns are left out: the batch peer has no GeoIP.
 */
final class TableDiff {
    private TableDiff() {
    }

    /** Null when the tables are equal; else the first difference, in words. */
    static String firstDifference(List<HuntRow> backtest, List<HuntRow> peer, String peerName) {
        int rows = Math.min(backtest.size(), peer.size());
        for (int i = 0; i < rows; i++) {
            JsonNode ours = json(backtest.get(i));
            JsonNode theirs = json(peer.get(i));
            if (ours.equals(theirs)) {
                continue;
            }
            String where = "row " + (i + 1) + " (" + backtest.get(i).process() + ")";
            Iterator<Map.Entry<String, JsonNode>> fields = ours.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode other = theirs.get(field.getKey());
                if (!field.getValue().equals(other)) {
                    return where + ", " + field.getKey() + ": backtest " + abbreviate(field.getValue().toString())
                            + ", " + peerName + " " + abbreviate(String.valueOf(other));
                }
            }
            return where + ": backtest " + abbreviate(ours.toString()) + ", " + peerName + " " + abbreviate(theirs.toString());
        }
        if (backtest.size() != peer.size()) {
            boolean backtestLonger = backtest.size() > peer.size();
            HuntRow extra = (backtestLonger ? backtest : peer).get(rows);
            return "backtest " + backtest.size() + " rows, " + peerName + " " + peer.size() + "; row " + (rows + 1)
                    + " only in " + (backtestLonger ? "the backtest" : peerName) + ": " + abbreviate(OutputJson.toLine(extra));
        }
        return null;
    }

    /** The row's JSON line as the backtest writes it, without the GeoIP columns. */
    static JsonNode json(HuntRow row) {
        return OutputJson.mapper().valueToTree(row.withGeo(GeoInfo.NONE));
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " characters)";
    }
}
