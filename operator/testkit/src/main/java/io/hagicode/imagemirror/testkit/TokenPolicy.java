package io.hagicode.imagemirror.testkit;

import java.util.List;

/** Decides which of the requested actions a subject gets on one resource. */
@FunctionalInterface
public interface TokenPolicy {

    /**
     * @param subject   authenticated user, or null for anonymous
     * @param type      resource type, e.g. {@code repository} or {@code registry}
     * @param name      resource name, e.g. {@code team/app} or {@code catalog}
     * @param requested actions asked for, e.g. {@code [pull, push]}
     * @return the actions granted (a subset of requested; empty denies)
     */
    List<String> grant(String subject, String type, String name, List<String> requested);

    /** Users get everything they ask for; anonymous callers get {@code pull} on repositories only. */
    TokenPolicy USERS_ALL_ANONYMOUS_PULL = (subject, type, name, requested) -> {
        if (subject != null) {
            return requested;
        }
        return "repository".equals(type) && requested.contains("pull") ? List.of("pull") : List.of();
    };

    /** Users get everything they ask for; anonymous callers get nothing. */
    TokenPolicy USERS_ONLY = (subject, type, name, requested) -> subject != null ? requested : List.of();
}
