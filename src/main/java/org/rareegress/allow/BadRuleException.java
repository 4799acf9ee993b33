package org.rareegress.allow;

/** An allowlist rule that cannot be used, with why in words a rule's author can act on. */
public final class BadRuleException extends Exception {
    public BadRuleException(String message) {
        super(message);
    }
}
