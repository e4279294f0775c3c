package io.hagicode.imagemirror.api;

import java.util.List;

/**
 * What {@link SpecChecks} found: the problems, and the values it parsed or defaulted. {@code schedule} is null when the
 * schedule or time zone has a problem.
 */
public record CheckedSpec(List<SpecProblem> problems, Schedule schedule, boolean suspend, int concurrency,
                          int retries) {
    public CheckedSpec {
        problems = List.copyOf(problems);
    }

    /** True when a check reported a problem with {@code field}, e.g. {@code spec.targets[0].repository}. */
    public boolean rejected(String field) {
        return problems.stream().anyMatch(p -> p.field().equals(field));
    }
}
