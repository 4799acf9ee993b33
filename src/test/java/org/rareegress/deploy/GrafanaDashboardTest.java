package org.rareegress.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's shape (every panel queries something, through the datasource variable, so it works on any
 * Grafana) and the reading of its queries that {@code DashboardMetricsIT} checks against a running detector.
 */
class GrafanaDashboardTest {

    @Test
    void metricNamesAreWhatAQueryReadsAndNothingElse() {
        assertThat(GrafanaDashboard.metricNames("sum by (reason) (rate(rare_egress_events_dropped_total"
                + "{instance=~\"$instance\", reason!=\"x y\"}[$__rate_interval]))"))
                .containsExactly("rare_egress_events_dropped_total");
        assertThat(GrafanaDashboard.metricNames("max(a_total{x=\"1\"}) / ignoring (pod) b_seconds offset 5m > 0.5 * 3"))
                .containsExactly("a_total", "b_seconds");
        assertThat(GrafanaDashboard.metricNames("histogram_quantile(0.99, sum by (le) (rate(c_bucket[5m]))) and on(x) d"))
                .containsExactly("c_bucket", "d");
    }

    @Test
    void everyPanelQueriesThroughTheDatasourceVariable() {
        JsonNode dashboard = GrafanaDashboard.read();

        assertThat(dashboard.path("uid").asText()).isEqualTo("rare-egress");
        dashboard.path("panels").forEach(panel -> {
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
                assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
                panel.path("targets").forEach(target -> assertThat(target.path("expr").asText())
                        .as(panel.path("title").asText()).contains("$instance"));
            }
        });
    }

    @Test
    void itCoversWhatAnOperatorWatches() {
        assertThat(GrafanaDashboard.metricNames(GrafanaDashboard.read())).contains(
                "rare_egress_records_read_total", "kafka_consumer_fetch_manager_records_lag_max",
                "rare_egress_watermark_lag_seconds", "rare_egress_warmup_remaining_seconds", "rare_egress_alerts_total",
                "rare_egress_dead_letters_total", "kafka_stream_state_total_sst_files_size", "rare_egress_tracked_processes",
                "jvm_memory_used_bytes");
    }
}
