package org.rareegress.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerTokenTest {
    private static final String TOKEN = "0123456789abcdef-token";

    @Test
    void acceptsOnlyTheConfiguredTokenAfterTheBearerScheme() {
        BearerToken token = new BearerToken(TOKEN);

        assertThat(token.accepts("Bearer " + TOKEN)).isTrue();
        assertThat(token.accepts("bearer " + TOKEN)).as("the scheme is case-insensitive").isTrue();
        assertThat(token.accepts(null)).isFalse();
        assertThat(token.accepts("")).isFalse();
        assertThat(token.accepts(TOKEN)).as("no scheme").isFalse();
        assertThat(token.accepts("Basic " + TOKEN)).isFalse();
        assertThat(token.accepts("Bearer " + TOKEN + "x")).isFalse();
        assertThat(token.accepts("Bearer " + TOKEN.substring(1))).isFalse();
    }

    @Test
    void withoutATokenEveryRequestIsAccepted() {
        BearerToken none = new BearerToken("");

        assertThat(none.required()).isFalse();
        assertThat(none.accepts(null)).isTrue();
    }
}
