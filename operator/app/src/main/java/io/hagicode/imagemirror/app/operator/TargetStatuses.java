package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.TargetStatus;
import io.hagicode.imagemirror.app.job.ValidatedSpec;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.DigestPin;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TargetReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.semver4j.Semver;

/** Per-target status entries from a sync report. */
final class TargetStatuses {
    private TargetStatuses() {
    }

    static List<TargetStatus> from(ValidatedSpec spec, SyncReport report) {
        List<TargetStatus> out = new ArrayList<>();
        for (int i = 0; i < spec.targets().size(); i++) {
            Repository repository = spec.targets().get(i);
            RepositorySpec endpoint = spec.spec().getTargets().get(i);
            Optional<TargetReport> target = report.targets().stream()
                    .filter(t -> t.repository().equals(repository)).findFirst();
            out.add(entry(endpoint, repository, target.map(TargetReport::tags).orElse(List.of()),
                    target.map(t -> t.anonymousPull().result().json()).orElse(null)));
        }
        return out;
    }

    private static TargetStatus entry(RepositorySpec endpoint, Repository repository, List<TagOutcome> tags,
                                      String anonymousPull) {
        TargetStatus status = new TargetStatus();
        status.setRepository(endpoint.getRepository());
        List<String> inSync = tags.stream().filter(t -> t.state() != TagState.FAILED).map(TagOutcome::tag).toList();
        List<TargetStatus.FailedTag> failed = tags.stream().filter(t -> t.state() == TagState.FAILED)
                .map(t -> new TargetStatus.FailedTag(t.tag(), SyncVerdict.oneLine(t.error())))
                .toList();
        status.setTagsInSync(inSync.size());
        status.setTagsFailed(failed.size());
        status.setFailedTags(new ArrayList<>(failed.subList(0, Math.min(failed.size(), TargetStatus.MAX_FAILED_TAGS))));
        // A digest pin counts in tagsInSync/tagsFailed like a tag, but is no tag to pull by.
        status.setPullReference(pullReference(repository,
                inSync.stream().filter(name -> !DigestPin.isPinOutcome(name)).toList()));
        status.setInsecure(Boolean.TRUE.equals(endpoint.getInsecure()) ? Boolean.TRUE : null);
        status.setAnonymousPull(anonymousPull);
        return status;
    }

    /**
     * What to put after {@code docker pull}: the normalised repository (so {@code nginx} reads
     * {@code docker.io/library/nginx}) with the highest version tag in sync, else {@code latest}, else the last tag in
     * sync; the bare repository when no tag is in sync yet.
     */
    static String pullReference(Repository repository, List<String> tagsInSync) {
        Optional<String> tag = tagsInSync.stream()
                .filter(t -> version(t).isPresent())
                .max(Comparator.comparing(t -> version(t).orElseThrow()));
        if (tag.isEmpty() && tagsInSync.contains("latest")) {
            tag = Optional.of("latest");
        }
        if (tag.isEmpty()) {
            tag = tagsInSync.stream().max(Comparator.naturalOrder());
        }
        return tag.map(t -> repository + ":" + t).orElse(repository.toString());
    }

    private static Optional<Semver> version(String tag) {
        String candidate = tag.startsWith("v") || tag.startsWith("V") ? tag.substring(1) : tag;
        return Semver.isValid(candidate) ? Optional.of(Semver.parse(candidate)) : Optional.empty();
    }
}
