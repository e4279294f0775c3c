package io.hagicode.imagemirror.oci;

import java.util.Set;
import java.util.TreeSet;

/** A token scope such as {@code repository:team/app:pull,push} (Docker's token auth specification). */
record Scope(String repository, String actions) {

    static Scope pull(Repository repository) {
        return new Scope(repository.path(), "pull");
    }

    static Scope push(Repository repository) {
        return new Scope(repository.path(), "pull,push");
    }

    /** What a read of {@code repository} needs. */
    static Set<Scope> forPull(Repository repository) {
        return Set.of(pull(repository));
    }

    /** What a write to {@code repository} needs: push implies reading (HEAD before PUT, and mounts). */
    static Set<Scope> forPush(Repository repository) {
        return Set.of(push(repository));
    }

    /** A cross-repository mount needs push on the target and pull on the source. */
    static Set<Scope> forMount(Repository target, Repository from) {
        return target.path().equals(from.path()) ? forPush(target) : Set.of(push(target), pull(from));
    }

    /** The scope strings, sorted so that equal sets give equal cache keys. */
    static Set<String> strings(Set<Scope> scopes) {
        Set<String> result = new TreeSet<>();
        for (Scope scope : scopes) {
            result.add(scope.toString());
        }
        return result;
    }

    @Override
    public String toString() {
        return "repository:" + repository + ":" + actions;
    }
}
