package org.rareegress.detect;

/**
 * A NEW_RARE alert waiting for {@code alert.confirm-after}: published at {@code dueAt} if the
 * process is still rare then, dropped if it became prevalent meanwhile.
 *
 * @param detectedAt stream time when the triggering event was processed
 */
public record PendingAlert(long dueAt, long detectedAt, Candidate trigger) {
}
