package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.Referrer;
import io.hagicode.imagemirror.oci.ReferrerTags;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.RegistryException;
import io.hagicode.imagemirror.oci.Tag;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Decides, for one subject on one target, which of its referrers the target lacks. A referrer that travels as a tag
 * (cosign's, or the fallback index) is HEADed at the target and compared by digest, as tags are: one request, no GET.
 * Referrers the source's API listed are compared with the target's own referrers list where it has the API (one GET),
 * else with its fallback tag index (one GET). What is missing becomes a {@link CopyTask} for the usual copy path,
 * pushed by tag or by digest; a fallback index to keep up to date becomes a {@link ReferrerLevel.FallbackWrite}.
 */
final class ReferrerPlanner {
    /** Why a referrer is to be copied, as reports say it. */
    static final String NOT_ON_TARGET = "not on the target";
    static final String OTHER_DIGEST = "another digest on the target";
    static final String NOT_LISTED = "not among the target's referrers";

    private final SourceReferrers source;
    private final ReferrerPolicy policy;
    private final Cancellation cancellation;
    /** Per target index: whether it has the referrers API, once a call told; a 404 is not asked again. */
    private final Map<Integer, ApiSupport> targetApi = new ConcurrentHashMap<>();

    ReferrerPlanner(SourceReferrers source, ReferrerPolicy policy, Cancellation cancellation) {
        this.source = source;
        this.policy = policy;
        this.cancellation = cancellation;
    }

    void plan(Target target, SourceReferrers.Found found, ReferrerLevel level) {
        Digest subject = found.subject();
        for (SourceReferrers.TaggedReferrer tagged : found.tags()) {
            String name = tagged.tag().name();
            try {
                cancellation.throwIfCancelled();
                if (tagged.fallbackIndex()) {
                    planFallbackTag(target, subject, tagged, level);
                } else {
                    planTag(target, subject, tagged, level);
                }
            } catch (RuntimeException e) {
                level.failed(target, name, subject, Failure.of("checking " + tagged.tag().in(target.repository()), e));
            }
        }
        if (found.api() != null && !found.api().isEmpty()) {
            try {
                cancellation.throwIfCancelled();
                planListed(target, subject, found.api(), level);
            } catch (RuntimeException e) {
                level.failed(target, ReferrerTags.fallback(subject).name(), subject,
                        Failure.of("checking the referrers of " + subject + " at " + target, e));
            }
        }
    }

    private void planTag(Target target, Digest subject, SourceReferrers.TaggedReferrer tagged, ReferrerLevel level) {
        Descriptor wanted = tagged.source();
        Optional<Descriptor> there = target.client().headManifest(target.repository(), tagged.tag());
        if (there.isPresent() && there.get().digest().equals(wanted.digest())) {
            level.upToDate(target, tagged.tag().name(), subject, wanted.digest(), true, tagged.artifactType());
            return;
        }
        level.name(target, tagged.tag().name(), subject, wanted.digest(), true, tagged.artifactType(),
                there.isPresent() ? OTHER_DIGEST : NOT_ON_TARGET);
        level.copies.add(new CopyTask(target, tagged.tag().name(), wanted, false, tagged.tag()));
    }

    /** The source's fallback index: as it is where the target has none, else merged into the target's. */
    private void planFallbackTag(Target target, Digest subject, SourceReferrers.TaggedReferrer tagged,
                                 ReferrerLevel level) {
        Optional<Descriptor> there = target.client().headManifest(target.repository(), tagged.tag());
        if (there.isPresent() && there.get().digest().equals(tagged.source().digest())) {
            level.upToDate(target, tagged.tag().name(), subject, tagged.source().digest(), false, null);
            return;
        }
        IndexEntries wanted = source.fallbackEntries(subject, tagged.source());
        IndexEntries existing = there.isPresent() ? readIndex(target, tagged.tag()) : null;
        planEntries(target, subject, wanted, existing == null ? Set.of() : existing.entries().keySet(), level);
        level.name(target, tagged.tag().name(), subject, tagged.source().digest(), false, null,
                there.isPresent() ? OTHER_DIGEST : NOT_ON_TARGET);
        level.fallbackWrites.add(new ReferrerLevel.FallbackWrite(target, subject, tagged.tag(), wanted, false));
    }

    private void planListed(Target target, Digest subject, List<Referrer> listed, ReferrerLevel level) {
        IndexEntries wanted = IndexEntries.of(listed);
        Optional<List<Referrer>> atTarget = targetApi.computeIfAbsent(target.index(), i -> new ApiSupport())
                .call(() -> target.client().listReferrers(target.repository(), subject, policy.apiFilter()));
        Set<Digest> present;
        if (atTarget.isPresent()) {
            present = atTarget.get().stream().map(Referrer::digest).collect(Collectors.toSet());
        } else {
            IndexEntries existing = readIndex(target, ReferrerTags.fallback(subject));
            present = existing == null ? Set.of() : existing.entries().keySet();
        }
        if (planEntries(target, subject, wanted, present, level)) {
            level.fallbackWrites.add(new ReferrerLevel.FallbackWrite(target, subject, ReferrerTags.fallback(subject),
                    wanted, atTarget.isPresent()));
        }
    }

    /** Copies of the entries {@code present} lacks; true when there is any. */
    private boolean planEntries(Target target, Digest subject, IndexEntries wanted, Set<Digest> present,
                                ReferrerLevel level) {
        boolean any = false;
        for (Digest entry : wanted.entries().keySet()) {
            if (present.contains(entry)) {
                level.upToDate(target, entry.toString(), subject, entry, true, wanted.artifactTypeOf(entry));
            } else {
                level.name(target, entry.toString(), subject, entry, true, wanted.artifactTypeOf(entry), NOT_LISTED);
                level.copies.add(new CopyTask(target, entry.toString(),
                        new Descriptor(wanted.mediaTypeOf(entry), entry, wanted.sizeOf(entry)), false, entry));
                any = true;
            }
        }
        return any;
    }

    /** The target's fallback index under {@code tag}, or null when it has none. Read at the target, not the source. */
    static IndexEntries readIndex(Target target, Tag tag) {
        Manifest manifest;
        try {
            manifest = target.client().getManifest(target.repository(), tag);
        } catch (RegistryException e) {
            if (e.kind() == RegistryErrorKind.MANIFEST_UNKNOWN || e.kind() == RegistryErrorKind.NAME_UNKNOWN) {
                return null;
            }
            throw e;
        }
        return IndexEntries.of(manifest, target.repository());
    }
}
