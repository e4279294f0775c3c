package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.api.ImageMirrorSpec;
import io.hagicode.imagemirror.api.InvalidSpecException;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.SecretReference;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.oci.Repository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Turns parsed auth and image rules into ImageMirrors and Secrets: one mirror per source and tag selection, one
 * Secret per auth.yaml entry that some endpoint uses, each endpoint pointing at the Secret and insecure flag of the
 * auth entry image-syncer would have used for it. Every mirror passes {@link SpecValidator} before it is printed.
 */
final class ImportPlanner {
    /** What {@code kubectl create secret docker-registry} writes for Docker Hub by default. */
    static final String DOCKER_HUB_CONFIG_KEY = "https://index.docker.io/v1/";

    private final ImportSettings settings;
    private final Consumer<String> warnings;
    private final ResourceNames secretNames = new ResourceNames();
    private final ResourceNames mirrorNames = new ResourceNames();
    private final Map<AuthEntry, SecretDraft> secrets = new LinkedHashMap<>();

    /** A Secret being planned; the mirrors that use it are added as they are planned. */
    private record SecretDraft(String name, AuthEntry auth, List<String> usedBy) {
    }

    ImportPlanner(ImportSettings settings, Consumer<String> warnings) {
        this.settings = settings;
        this.warnings = warnings;
    }

    ImportPlan plan(List<ImageRule> rules, AuthFile auth) throws ImportException {
        List<MirrorPlan> mirrors = new ArrayList<>();
        for (RuleGroups.Group group : RuleGroups.of(rules, warnings)) {
            mirrors.add(mirror(group, auth));
        }
        for (AuthEntry entry : auth.entries()) {
            if (!secrets.containsKey(entry) && entry.hasCredentials()) {
                warnings.accept(entry.entry().where() + ": no rule in the images file uses these credentials; "
                        + "no Secret was written for them");
            }
        }
        List<SecretPlan> secretPlans = new ArrayList<>();
        for (SecretDraft draft : secrets.values()) {
            secretPlans.add(secret(draft));
        }
        return new ImportPlan(secretPlans, mirrors);
    }

    private MirrorPlan mirror(RuleGroups.Group group, AuthFile auth) throws ImportException {
        List<String> path = List.of(group.source().path().split("/"));
        String name = mirrorNames.claim(List.of(path.get(path.size() - 1), String.join("-", path),
                group.source().toString()));
        ImageMirrorSpec spec = new ImageMirrorSpec();
        spec.setSource(endpoint(group.source(), auth, name + " (source)"));
        List<RepositorySpec> targets = new ArrayList<>();
        for (Repository target : group.targets()) {
            if (target.equals(group.source())) {
                throw new ImportException(group.rules().get(0).entry().where() + ": destination " + target
                        + " is the source itself");
            }
            targets.add(endpoint(target, auth, name + " (target " + target + ")"));
        }
        spec.setTargets(targets);
        spec.setTags(group.tags().toFilter());
        spec.setSchedule(settings.schedule());
        spec.setTimeZone(settings.timeZone());
        spec.setConcurrency(settings.concurrency());
        spec.setRetries(settings.retries());
        try {
            SpecValidator.validate(spec);
        } catch (InvalidSpecException e) {
            throw new ImportException(group.rules().stream().map(r -> r.entry().where())
                    .collect(Collectors.joining("; ")) + ": the ImageMirror it gives is not valid: " + e.getMessage());
        }
        return new MirrorPlan(name, spec, group.rules().stream().map(ImageRule::entry).toList());
    }

    private RepositorySpec endpoint(Repository repository, AuthFile auth, String usedBy) {
        RepositorySpec endpoint = new RepositorySpec(repository.toString(), null, null);
        Optional<AuthEntry> entry = auth.match(repository);
        if (entry.isEmpty()) {
            return endpoint;
        }
        if (entry.get().insecure()) {
            endpoint.setInsecure(true);
        }
        if (entry.get().hasCredentials()) {
            SecretDraft draft = secrets.computeIfAbsent(entry.get(),
                    e -> new SecretDraft(secretNames.claim(List.of(SecretNames.of(e))), e, new ArrayList<>()));
            draft.usedBy().add(usedBy);
            endpoint.setCredentialsSecretRef(new SecretReference(draft.name()));
        }
        return endpoint;
    }

    private SecretPlan secret(SecretDraft draft) throws ImportException {
        AuthEntry auth = draft.auth();
        String key = Repository.DOCKER_HUB.equals(auth.registry()) ? DOCKER_HUB_CONFIG_KEY : auth.registry();
        CredentialValues.Resolved credentials = null;
        if (settings.withCredentials()) {
            if (CredentialValues.isActionsExpression(auth.username())
                    || CredentialValues.isActionsExpression(auth.password())) {
                warnings.accept(auth.entry().where() + ": the username/password are GitHub Actions expressions, not "
                        + "values; Secret " + draft.name() + " carries FILL IN placeholders instead");
            } else {
                credentials = CredentialValues.resolve(auth, settings.environment());
            }
        }
        return new SecretPlan(draft.name(), auth, key, credentials, draft.usedBy());
    }
}
