package org.rareegress.runtime.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** The demo's console is for alerts: Kafka's own start-up chatter stays out unless asked for. */
final class DemoLogging {
    private DemoLogging() {
    }

    static void quietKafka() {
        for (String name : new String[] {"org.apache.kafka", "kafka", "org.rareegress.runtime.demo.LocalKafka",
            "org.rareegress.runtime.DetectorService", "org.rareegress.runtime.HttpEndpoints", "org.rareegress.enrich"}) {
            ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.ERROR);
        }
    }
}
