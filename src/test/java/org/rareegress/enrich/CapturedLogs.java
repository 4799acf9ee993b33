package org.rareegress.enrich;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** What one class logs while a test runs; close it to detach. */
public final class CapturedLogs implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLogs(Class<?> source) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
        appender.start();
        logger.addAppender(appender);
    }

    public static CapturedLogs of(Class<?> source) {
        return new CapturedLogs(source);
    }

    /** The formatted messages logged at this level, in order. */
    public List<String> messages(Level level) {
        return appender.list.stream()
                .filter(event -> event.getLevel().toString().equals(level.toString()))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    public List<String> messages() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
