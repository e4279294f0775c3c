package io.hagicode.imagemirror.app.job;

import io.hagicode.imagemirror.api.ImageMirrorSpec;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.Schedule;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Platform;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.DigestPin;
import io.hagicode.imagemirror.sync.Endpoint;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.ReferrerPolicy;
import io.hagicode.imagemirror.sync.TagFilter;
import java.util.ArrayList;
import java.util.List;

/** A spec that passed {@link SpecValidator}: parsed, defaulted, ready to become a {@link MirrorJob}. */
public record ValidatedSpec(ImageMirrorSpec spec, Repository source, List<Repository> targets, TagFilter tagFilter,
                            List<Platform> platforms, Schedule schedule, boolean suspend, int concurrency,
                            int retries, List<DigestPin> pins, ReferrerPolicy referrers) {

    /** A job for a spec that names no proxy Secret (as the CLI's, which reads no Secrets). */
    public MirrorJob toJob(String name, CredentialsResolver credentials) throws CredentialsException {
        return toJob(name, credentials, ProxyCredentialsResolver.NONE);
    }

    /**
     * Resolves credentials for every endpoint and builds the engine's job.
     *
     * @param proxyCredentials reads the Secrets named by {@code proxy.credentialsSecretRef}
     */
    public MirrorJob toJob(String name, CredentialsResolver credentials, ProxyCredentialsResolver proxyCredentials)
            throws CredentialsException {
        Endpoint sourceEndpoint = endpoint("spec.source", spec.getSource(), source, credentials);
        List<Endpoint> targetEndpoints = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            targetEndpoints.add(endpoint("spec.targets[" + i + "]", spec.getTargets().get(i), targets.get(i), credentials));
        }
        return new MirrorJob(name, sourceEndpoint, targetEndpoints, tagFilter, platforms, concurrency, retries,
                RegistryProxies.of(this, proxyCredentials), pins, referrers);
    }

    /** True when signatures, attestations and SBOMs travel with this mirror's images (and cosign tags with them). */
    public boolean carriesReferrers() {
        return referrers.travelsWith(platforms);
    }

    private static Endpoint endpoint(String field, RepositorySpec endpointSpec, Repository repository,
                                     CredentialsResolver resolver) throws CredentialsException {
        Credentials creds = resolver.resolve(field, endpointSpec, repository);
        return new Endpoint(repository, creds, Boolean.TRUE.equals(endpointSpec.getInsecure()));
    }
}
