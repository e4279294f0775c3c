package io.hagicode.imagemirror.testkit;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One programmed fault of a {@link FaultProxy}: which requests it matches (method, and a regular expression found
 * anywhere in the path plus query as sent), how many of them it applies to, and what it does. Made by
 * {@link FaultProxy#when(String, String)}.
 */
public final class FaultRule {
    private final String method;
    private final Pattern uri;
    private final Fault fault;
    private int remaining;
    private int hits;

    FaultRule(String method, Pattern uri, int times, Fault fault) {
        this.method = method;
        this.uri = uri;
        this.remaining = times;
        this.fault = Objects.requireNonNull(fault, "fault");
    }

    /** Takes one use of the rule when it matches and has uses left. */
    synchronized boolean take(String requestMethod, String requestUri) {
        if (remaining == 0 || !matches(requestMethod, requestUri)) {
            return false;
        }
        if (remaining > 0) {
            remaining--;
        }
        hits++;
        return true;
    }

    private boolean matches(String requestMethod, String requestUri) {
        return (method.equals("*") || method.equalsIgnoreCase(requestMethod)) && uri.matcher(requestUri).find();
    }

    Fault fault() {
        return fault;
    }

    /** How many requests the fault was applied to so far. */
    public synchronized int hits() {
        return hits;
    }

    /** True once every use of a rule with a bounded count is taken. */
    public synchronized boolean exhausted() {
        return remaining == 0;
    }

    /** Stops the rule: it matches nothing from now on. */
    public synchronized void disable() {
        remaining = 0;
    }

    @Override
    public String toString() {
        return "FaultRule[" + method + " " + uri + " -> " + fault.getClass().getSimpleName() + ", hits=" + hits() + "]";
    }

    /** Chooses how many matching requests get the fault. */
    public static final class Builder {
        private final FaultProxy proxy;
        private final String method;
        private final Pattern uri;
        private int times = 1;

        Builder(FaultProxy proxy, String method, String uriRegex) {
            this.proxy = proxy;
            this.method = Objects.requireNonNull(method, "method");
            this.uri = Pattern.compile(uriRegex);
        }

        /** The next {@code count} matching requests (default 1). */
        public Builder times(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("times must be at least 1, was " + count);
            }
            this.times = count;
            return this;
        }

        /** Every matching request until {@link FaultRule#disable()} or {@link FaultProxy#clearRules()}. */
        public Builder always() {
            this.times = -1;
            return this;
        }

        /** Installs the rule; rules are tried in the order they were installed, the first that matches applies. */
        public FaultRule then(Fault fault) {
            return proxy.install(new FaultRule(method, uri, times, fault));
        }
    }
}
