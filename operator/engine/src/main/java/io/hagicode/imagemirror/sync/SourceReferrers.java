package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.Referrer;
import io.hagicode.imagemirror.oci.ReferrerTags;
import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.RegistryException;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.oci.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What refers to a subject at the source, found as cheaply as the source allows. Cosign tags and the fallback tag are
 * looked up in the tag list the sync already has (free), then HEADed (one request each, no GET); a targeted sync,
 * which did not list the source, HEADs each of them, a 404 meaning none. Where the source has
 * the referrers API, one GET per subject lists the rest; the first 404 tells that it has none, and no later subject
 * asks again. A fallback tag's index is read (a manifest GET) only when some target's copy of it differs.
 */
final class SourceReferrers {
    /** A referrer that travels as a tag: a cosign tag (of the type its suffix stands for), or the fallback index. */
    record TaggedReferrer(Tag tag, Descriptor source, boolean fallbackIndex, String artifactType) {
    }

    /** What refers to {@code subject}: tags, and the API's list (null when it comes from no API). */
    record Found(Digest subject, List<TaggedReferrer> tags, List<Referrer> api) {
    }

    private final RegistryClient client;
    private final Repository repository;
    /** The source's tags, or null when the sync did not list them. */
    private final Set<String> tags;
    private final ReferrerPolicy policy;
    private final Cancellation cancellation;
    private final ApiSupport api = new ApiSupport();
    private final Map<Digest, Manifest> fallbackIndexes = new ConcurrentHashMap<>();

    SourceReferrers(RegistryClient client, Repository repository, Set<String> tags, ReferrerPolicy policy,
                    Cancellation cancellation) {
        this.client = client;
        this.repository = repository;
        this.tags = tags;
        this.policy = policy;
        this.cancellation = cancellation;
    }

    Repository repository() {
        return repository;
    }

    ReferrerPolicy policy() {
        return policy;
    }

    Found find(Digest subject) {
        cancellation.throwIfCancelled();
        List<TaggedReferrer> found = new ArrayList<>();
        for (ReferrerTags.Cosign kind : ReferrerTags.Cosign.values()) {
            Tag tag = ReferrerTags.cosign(subject, kind);
            if (listed(tag) && policy.accepts(kind.artifactType())) {
                head(tag).ifPresent(d -> found.add(new TaggedReferrer(tag, d, false, kind.artifactType())));
            }
        }
        List<Referrer> api = viaApi(subject);
        Tag fallback = ReferrerTags.fallback(subject);
        if (api == null && listed(fallback)) {
            head(fallback).ifPresent(d -> found.add(new TaggedReferrer(fallback, d, true, null)));
        }
        return new Found(subject, List.copyOf(found), api);
    }

    private boolean listed(Tag tag) {
        return tags == null || tags.contains(tag.name());
    }

    /** The entries of the source's fallback index of {@code subject} the policy selects, read once per sync. */
    IndexEntries fallbackEntries(Digest subject, Descriptor index) {
        Manifest manifest = fallbackIndexes.computeIfAbsent(subject, s -> {
            try {
                return client.getManifest(repository, index.digest());
            } catch (RuntimeException e) {
                throw Failure.of("reading the referrers index " + ReferrerTags.fallback(s).in(repository), e)
                        .exception();
            }
        });
        return IndexEntries.of(manifest, repository).selected(policy);
    }

    private List<Referrer> viaApi(Digest subject) {
        Optional<List<Referrer>> listed;
        try {
            listed = api.call(() -> client.listReferrers(repository, subject, policy.apiFilter()));
        } catch (RuntimeException e) {
            throw Failure.of("listing the referrers of " + subject.in(repository), e).exception();
        }
        return listed.map(list -> list.stream().filter(r -> policy.accepts(r.artifactType())).toList()).orElse(null);
    }

    private Optional<Descriptor> head(Tag tag) {
        try {
            return client.headManifest(repository, tag);
        } catch (RuntimeException e) {
            if (e instanceof RegistryException re && re.kind() == RegistryErrorKind.MANIFEST_UNKNOWN) {
                return Optional.empty();
            }
            throw Failure.of("checking " + tag.in(repository), e).exception();
        }
    }
}
