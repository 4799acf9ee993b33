package org.rareegress.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The {@code http.auth-token} check of the data endpoints. Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, which takes the same time wherever they differ; comparing digests
 * rather than the tokens keeps the token's length from showing through timing too.
 */
final class BearerToken {
    private static final String SCHEME = "Bearer ";

    private final byte[] expected;

    /** @param token the configured token; empty for none required */
    BearerToken(String token) {
        this.expected = token.isEmpty() ? null : sha256(token);
    }

    boolean required() {
        return expected != null;
    }

    /** Whether a request with this {@code Authorization} header (null when absent) may proceed. */
    boolean accepts(String authorization) {
        if (expected == null) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(authorization.substring(SCHEME.length()).strip()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
