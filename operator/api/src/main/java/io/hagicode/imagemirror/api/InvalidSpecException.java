package io.hagicode.imagemirror.api;

import java.util.List;
import java.util.stream.Collectors;

/** A spec that cannot be mirrored as written. The message lists every problem found, each naming its field. */
public class InvalidSpecException extends Exception {
    private final List<SpecProblem> problems;

    public InvalidSpecException(List<SpecProblem> problems) {
        super(problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<SpecProblem> problems() {
        return problems;
    }
}
