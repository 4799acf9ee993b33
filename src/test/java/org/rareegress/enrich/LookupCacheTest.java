package org.rareegress.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rareegress.detect.GeoInfo;

class LookupCacheTest {
    private static final GeoInfo SOMEWHERE = new GeoInfo("Sweden", "SE", null, null);

    @Test
    void dropsTheLeastRecentlyUsedAnswerWhenFull() {
        LookupCache cache = new LookupCache(2);
        cache.put(1, SOMEWHERE);
        cache.put(2, GeoInfo.NONE);

        cache.get(1);
        cache.put(3, SOMEWHERE);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(1)).isEqualTo(SOMEWHERE);
        assertThat(cache.get(2)).isNull();
        assertThat(cache.get(3)).isEqualTo(SOMEWHERE);
    }
}
