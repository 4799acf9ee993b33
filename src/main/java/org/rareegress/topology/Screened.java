package org.rareegress.topology;

import org.rareegress.detect.FilterOutcome;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.EarlyDrop;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.SourceRef;
import org.rareegress.order.SourceMessage;

/** What flows between the first nodes: an event, a message for the stateful tasks, or input for the dead letters. */
sealed interface Screened {

    record Event(NetworkEvent event) implements Screened {
    }

    /**
     * Valid events the reader dropped from their bytes by the filter's clauses, read one after another from
     * one source with nothing else between them: what the filter would have made of them, with only what a
     * dropped event counts for (how many by each clause, the newest time, the source of the first). One message
     * for a batch's run of them, not one each: 95 % of the bench fleet's rows are dropped this way.
     *
     * @param byClause how many each {@link EarlyDrop.Clause} dropped, by ordinal
     */
    record Dropped(long newestNanos, SourceRef source, int[] byClause) implements Screened {
    }

    /** A kept event with its source's progress, or a progress report: bound for the repartition topic. */
    record Ordered(SourceMessage message) implements Screened {
    }

    record Rejected(DeadLetter deadLetter) implements Screened {
    }

    /**
     * A source has nothing more to deliver (a replay reached its end offset, a backtest finished a file):
     * it stops holding the watermark back at once instead of after {@code input.idle-timeout}.
     *
     * @param source the source's id, or {@link #ALL} for every source (a backtest's end of input)
     */
    record SourceFinished(int source) implements Screened {
        static final int ALL = -1;
    }
}
