package io.hagicode.imagemirror.app.job;

import io.hagicode.imagemirror.api.CheckedSpec;
import io.hagicode.imagemirror.api.DigestPinSpec;
import io.hagicode.imagemirror.api.ImageMirrorSpec;
import io.hagicode.imagemirror.api.InvalidSpecException;
import io.hagicode.imagemirror.api.ReferrersSpec;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.SpecChecks;
import io.hagicode.imagemirror.api.SpecProblem;
import io.hagicode.imagemirror.api.TagFilterSpec;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Platform;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.DigestPin;
import io.hagicode.imagemirror.sync.ReferrerPolicy;
import io.hagicode.imagemirror.sync.TagFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.semver4j.RangesList;
import org.semver4j.RangesListFactory;

/**
 * Checks everything in a spec that needs no network and no Secret, for the CLI and the operator alike: first the
 * model's own checks ({@link SpecChecks}: required fields, the CRD's limits, regexes, schedule, bounds), then what
 * needs the engine's grammar: image references, platforms, semver ranges, and whether two references name one
 * repository ({@code nginx} is {@code docker.io/library/nginx}). Every problem is collected and listed in the spec's
 * order, so one run shows them all; a value the model's checks rejected is not parsed again, so it is reported once.
 */
public final class SpecValidator {

    private SpecValidator() {
    }

    public static ValidatedSpec validate(ImageMirrorSpec spec) throws InvalidSpecException {
        CheckedSpec checked = SpecChecks.check(spec);
        if (spec == null) {
            throw new InvalidSpecException(checked.problems());
        }
        List<SpecProblem> problems = new ArrayList<>(checked.problems());
        Repository source = repository("spec.source", spec.getSource(), checked, problems);
        List<Repository> targets = targets(spec, source, checked, problems);
        RangesList semver = semverRange(spec.getTags(), checked, problems);
        List<Platform> platforms = platforms(spec.getPlatforms(), checked, problems);
        if (!problems.isEmpty()) {
            problems.sort(SpecProblem.IN_SPEC_ORDER);
            throw new InvalidSpecException(problems);
        }
        List<DigestPin> pins = pins(spec.getDigests());
        TagFilter tagFilter = spec.getTags() == null && !pins.isEmpty() ? TagFilter.NONE
                : tagFilter(spec.getTags(), semver);
        return new ValidatedSpec(spec, source, targets, tagFilter, platforms,
                checked.schedule(), checked.suspend(), checked.concurrency(), checked.retries(), pins,
                referrers(spec.getReferrers()));
    }

    private static Repository repository(String field, RepositorySpec endpoint, CheckedSpec checked,
                                         List<SpecProblem> problems) {
        String path = field + ".repository";
        if (endpoint == null || checked.rejected(path)) {
            return null;
        }
        try {
            return Repository.parse(endpoint.getRepository());
        } catch (IllegalArgumentException e) {
            problems.add(new SpecProblem(path, endpoint.getRepository(), e.getMessage()));
            return null;
        }
    }

    private static List<Repository> targets(ImageMirrorSpec spec, Repository source, CheckedSpec checked,
                                            List<SpecProblem> problems) {
        List<Repository> targets = new ArrayList<>();
        Map<Repository, Integer> seen = new HashMap<>();
        for (int i = 0; i < spec.getTargets().size(); i++) {
            String field = "spec.targets[" + i + "]";
            Repository target = repository(field, spec.getTargets().get(i), checked, problems);
            targets.add(target);
            if (target == null) {
                continue;
            }
            if (target.equals(source)) {
                problems.add(new SpecProblem(field + ".repository", spec.getTargets().get(i).getRepository(),
                        "is the source repository; a target must differ from the source"));
            }
            Integer earlier = seen.putIfAbsent(target, i);
            if (earlier != null) {
                problems.add(new SpecProblem(field + ".repository", spec.getTargets().get(i).getRepository(),
                        "duplicates spec.targets[" + earlier + "] (" + target + ")"));
            }
        }
        return targets;
    }

    private static RangesList semverRange(TagFilterSpec tags, CheckedSpec checked, List<SpecProblem> problems) {
        if (tags == null || tags.getSemver() == null || tags.getSemver().isBlank()
                || checked.rejected("spec.tags.semver")) {
            return null;
        }
        String text = tags.getSemver();
        try {
            RangesList range = RangesListFactory.create(text);
            // semver4j turns text it cannot read into an empty list that matches nothing, rather than failing.
            if (range.get().isEmpty()) {
                problems.add(new SpecProblem("spec.tags.semver", text,
                        "is not a semantic-version range (examples: '>=1.0.0', '^1.2', '1.x', '>=1.0.0 <2.0.0')"));
                return null;
            }
            return range;
        } catch (IllegalArgumentException e) {
            problems.add(new SpecProblem("spec.tags.semver", text, "is not a semantic-version range: " + e.getMessage()));
            return null;
        }
    }

    private static List<Platform> platforms(List<String> values, CheckedSpec checked, List<SpecProblem> problems) {
        List<Platform> platforms = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String field = "spec.platforms[" + i + "]";
            if (checked.rejected(field)) {
                continue;
            }
            try {
                platforms.add(Platform.parse(values.get(i)));
            } catch (IllegalArgumentException e) {
                problems.add(new SpecProblem(field, values.get(i), e.getMessage()));
            }
        }
        return platforms;
    }

    /** Called only once every check passed: each digest matches the pattern {@link SpecChecks} enforces. */
    private static List<DigestPin> pins(List<DigestPinSpec> pins) {
        return pins.stream().map(p -> new DigestPin(Digest.parse(p.getDigest()), Optional.ofNullable(p.getTag())))
                .toList();
    }

    /** Called only once every check passed: the mode is one of three, and Types has types. */
    private static ReferrerPolicy referrers(ReferrersSpec spec) {
        if (spec == null || spec.getMode() == null || spec.getMode().equals(ReferrersSpec.ALL)) {
            return ReferrerPolicy.ALL;
        }
        return spec.getMode().equals(ReferrersSpec.NONE) ? ReferrerPolicy.NONE
                : ReferrerPolicy.types(spec.getArtifactTypes());
    }

    /** Called only once every check passed: the patterns compile and {@code latest} is in range. */
    private static TagFilter tagFilter(TagFilterSpec tags, RangesList semver) {
        if (tags == null) {
            return TagFilter.ALL;
        }
        return new TagFilter(compiled(tags.getInclude()), compiled(tags.getExclude()), semver, tags.getLatest());
    }

    private static List<Pattern> compiled(List<String> regexes) {
        return regexes.stream().map(Pattern::compile).toList();
    }
}
