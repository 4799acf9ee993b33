package org.rareegress.detect;

import java.util.ArrayList;
import java.util.List;
import org.rareegress.alert.AlertEncoder;
import org.rareegress.alert.AlertFormat;
import org.rareegress.codec.OutputJson;
import org.rareegress.config.Settings;
import org.rareegress.output.OutputSchemas;
import org.rareegress.output.OutputSchemas.Kind;

/**
 * A {@link ProcessTracker.Output} that keeps everything the tracker publishes, in order, after checking each
 * alert and row, as the product writes them, against its schema (schemas/).
 */
public final class RecordingOutput implements ProcessTracker.Output {
    /** One table change: a row, or {@code row == null} for a tombstone. */
    public record RowChange(String process, HuntRow row) {
        public boolean isTombstone() {
            return row == null;
        }
    }

    /** One held NEW_RARE. */
    public record Confirmation(String process, long dueAt) {
    }

    private static final AlertEncoder ENCODER = new AlertEncoder(AlertFormat.NATIVE, Settings.defaults().filter());

    public final List<Alert> alerts = new ArrayList<>();
    public final List<RowChange> rows = new ArrayList<>();
    public final List<Confirmation> confirmations = new ArrayList<>();

    @Override
    public void alert(Alert alert) {
        OutputSchemas.assertValid(Kind.ALERT, ENCODER.encode(alert));
        alerts.add(alert);
    }

    @Override
    public void row(String process, HuntRow row) {
        if (row != null) {
            OutputSchemas.assertValid(Kind.HUNT_ROW, OutputJson.toBytes(row));
        }
        rows.add(new RowChange(process, row));
    }

    @Override
    public void confirmAt(String process, long dueAt) {
        confirmations.add(new Confirmation(process, dueAt));
    }

    public List<AlertType> alertTypes() {
        return alerts.stream().map(Alert::type).toList();
    }

    public Alert lastAlert() {
        return alerts.get(alerts.size() - 1);
    }

    public RowChange lastRow() {
        return rows.get(rows.size() - 1);
    }

    public void clear() {
        alerts.clear();
        rows.clear();
        confirmations.clear();
    }
}
