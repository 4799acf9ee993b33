package org.rareegress.order;

import java.util.Map;

/** The durable part of {@link EventTimeOrder} besides the held events: what each source reported, the release mark. */
public interface OrderState {
    /** Every source that has reported, by id. */
    Map<Integer, SourceProgress> sources();

    void source(int id, SourceProgress progress);

    /** Events before this were released; MIN_VALUE before the first release. */
    long released();

    void released(long watermark);
}
