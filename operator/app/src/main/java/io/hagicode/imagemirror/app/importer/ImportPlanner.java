package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.api.ImageMirrorSpec;
import io.hagicode.imagemirror.api.InvalidSpecException;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.SecretReference;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.oci.Repository;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns parsed rules and auth entries into ImageMirrors and Secrets: rules grouped by {@link RuleGroups}, one Secret
 * per auth.yaml entry that some endpoint uses, each endpoint pointing at the Secret and insecure flag of the auth
 * entry image-syncer would have used for it. Every mirror passes {@link SpecValidator} before it is planned; the rules
 * of one that does not are skipped with the validator's reason, like any rule that cannot be converted.
 */
final class ImportPlanner {
    /** What {@code kubectl create secret docker-registry} writes for Docker Hub by default. */
    static final String DOCKER_HUB_CONFIG_KEY = "https://index.docker.io/v1/";

    private final ImportSettings settings;
    private final Consumer<String> notes;
    private final Consumer<String> warnings;
    private final ResourceNames secretNames = new ResourceNames();
    private final ResourceNames mirrorNames = new ResourceNames();
    private final Map<AuthEntry, SecretDraft> secrets = new LinkedHashMap<>();
    /** (entry used, entry that also covers) to the repositories where that happened, for one warning per pair. */
    private final Map<List<AuthEntry>, Set<Repository>> shadowed = new LinkedHashMap<>();

    /** A Secret being planned; the mirrors that use it are added as they are planned. */
    private record SecretDraft(String name, AuthEntry auth, List<String> usedBy) {
    }

    ImportPlanner(ImportSettings settings, Consumer<String> notes, Consumer<String> warnings) {
        this.settings = settings;
        this.notes = notes;
        this.warnings = warnings;
    }

    ImportPlan plan(List<ParsedRule> parsed, AuthFile auth) throws ImportException {
        Map<ParsedRule, String> skipReasons = new IdentityHashMap<>();
        List<ImageRule> convertible = new ArrayList<>();
        for (ParsedRule rule : parsed) {
            if (rule instanceof SkippedRule skipped) {
                skipReasons.put(rule, skipped.reason());
            } else if (rule instanceof ImageRule image) {
                convertible.add(image);
            }
        }
        Map<ParsedRule, String> mirrorOf = new IdentityHashMap<>();
        List<MirrorPlan> mirrors = new ArrayList<>();
        for (RuleGroups.Group group : RuleGroups.of(convertible, notes, warnings)) {
            ImageMirrorSpec spec = spec(group);
            try {
                SpecValidator.validate(spec);
            } catch (InvalidSpecException e) {
                group.rules().forEach(r -> skipReasons.put(r, "the ImageMirror it gives is not valid: "
                        + e.getMessage()));
                continue;
            }
            MirrorPlan mirror = mirror(group, spec, auth);
            mirrors.add(mirror);
            group.rules().forEach(r -> mirrorOf.put(r, mirror.name()));
        }
        reportShadowedAuth();
        for (AuthEntry entry : auth.entries()) {
            if (!secrets.containsKey(entry) && entry.hasCredentials()) {
                warnings.accept(entry.entry().where() + ": no converted rule uses these credentials; no Secret was "
                        + "written for them");
            }
        }
        List<SecretPlan> secretPlans = new ArrayList<>();
        for (SecretDraft draft : secrets.values()) {
            secretPlans.add(secret(draft));
        }
        List<RuleOutcome> outcomes = parsed.stream()
                .map(rule -> new RuleOutcome(rule, mirrorOf.get(rule), skipReasons.get(rule))).toList();
        return new ImportPlan(secretPlans, mirrors, outcomes);
    }

    private ImageMirrorSpec spec(RuleGroups.Group group) {
        ImageMirrorSpec spec = new ImageMirrorSpec();
        spec.setSource(new RepositorySpec(group.source().toString(), null, null));
        List<RepositorySpec> targets = new ArrayList<>();
        group.targets().forEach(t -> targets.add(new RepositorySpec(t.toString(), null, null)));
        spec.setTargets(targets);
        spec.setTags(group.tags().toFilter());
        spec.setDigests(group.tags().toDigests());
        spec.setPlatforms(new ArrayList<>(settings.platforms()));
        spec.setSchedule(settings.schedule());
        spec.setTimeZone(settings.timeZone());
        spec.setConcurrency(settings.concurrency());
        spec.setRetries(settings.retries());
        return spec;
    }

    /** Names the mirror and gives each endpoint the credentials and insecure flag its auth entry holds. */
    private MirrorPlan mirror(RuleGroups.Group group, ImageMirrorSpec spec, AuthFile auth) {
        List<String> path = List.of(group.source().path().split("/"));
        String last = path.get(path.size() - 1);
        String suffix = group.tags().every() ? "" : "-" + group.tags().nameSuffix();
        String name = mirrorNames.claim(List.of(last + suffix, String.join("-", path) + suffix,
                group.source() + suffix));
        authorize(spec.getSource(), group.source(), auth, name + " (source)");
        for (int i = 0; i < group.targets().size(); i++) {
            Repository target = group.targets().get(i);
            authorize(spec.getTargets().get(i), target, auth, name + " (target " + target + ")");
        }
        List<YamlEntry> entries = new ArrayList<>(new LinkedHashSet<>(group.rules().stream().map(ImageRule::entry)
                .toList()));
        return new MirrorPlan(name, spec, group.tags(), entries);
    }

    private void authorize(RepositorySpec endpoint, Repository repository, AuthFile auth, String usedBy) {
        List<AuthEntry> covering = auth.covering(repository);
        if (covering.isEmpty()) {
            return;
        }
        AuthEntry entry = covering.get(0);
        covering.stream().skip(1).filter(other -> !other.sameSettingsAs(entry)).forEach(other ->
                shadowed.computeIfAbsent(List.of(entry, other), k -> new LinkedHashSet<>()).add(repository));
        if (entry.insecure()) {
            endpoint.setInsecure(true);
        }
        if (entry.hasCredentials()) {
            SecretDraft draft = secrets.computeIfAbsent(entry,
                    e -> new SecretDraft(secretNames.claim(List.of(SecretNames.of(e))), e, new ArrayList<>()));
            draft.usedBy().add(usedBy);
            endpoint.setCredentialsSecretRef(new SecretReference(draft.name()));
        }
    }

    private void reportShadowedAuth() {
        shadowed.forEach((pair, repositories) -> warnings.accept(pair.get(0).entry().where() + " and "
                + pair.get(1).entry().where() + " both cover " + String.join(", ", repositories.stream()
                .map(Repository::toString).toList()) + ", with different settings: the importer uses '"
                + pair.get(0).key() + "', the longer key, as image-syncer's README says; image-syncer v1.5.5 itself "
                + "may use either one on any run (GetAuth in its pkg/client/config.go never records the length it "
                + "compares with)"));
    }

    private SecretPlan secret(SecretDraft draft) throws ImportException {
        AuthEntry auth = draft.auth();
        String key = Repository.DOCKER_HUB.equals(auth.registry()) ? DOCKER_HUB_CONFIG_KEY : auth.registry();
        boolean googleKey = GoogleServiceAccountKey.isOauth2User(auth.username());
        CredentialValues.Resolved credentials = null;
        if (settings.withCredentials()) {
            if (CredentialValues.isActionsExpression(auth.username())
                    || CredentialValues.isActionsExpression(auth.password())) {
                warnings.accept(auth.entry().where() + ": the username/password are GitHub Actions expressions, not "
                        + "values; Secret " + draft.name() + " carries FILL IN placeholders instead");
            } else {
                credentials = CredentialValues.resolve(auth, settings.environment());
                if (GoogleServiceAccountKey.isOauth2User(credentials.username())) {
                    credentials = GoogleServiceAccountKey.asJsonKey(auth, credentials);
                    warnings.accept(auth.entry().where() + ": username " + GoogleServiceAccountKey.OAUTH2_USER
                            + " with a base64-encoded Google service-account key: Secret " + draft.name()
                            + " holds username " + GoogleServiceAccountKey.JSON_KEY_USER + " and the decoded key "
                            + "file, which GCR and Artifact Registry accept (image-syncer traded the key for a "
                            + "one-hour token instead)");
                }
            }
        }
        if (googleKey && credentials == null) {
            warnings.accept(auth.entry().where() + ": username " + GoogleServiceAccountKey.OAUTH2_USER + ": image-syncer "
                    + "reads the password as a base64-encoded Google service-account key and trades it for a "
                    + "one-hour token; no registry takes " + GoogleServiceAccountKey.OAUTH2_USER + " itself. Fill in "
                    + "Secret " + draft.name() + " with username " + GoogleServiceAccountKey.JSON_KEY_USER + " and the "
                    + "key file's JSON as password (what GCR and Artifact Registry accept), as its comment shows");
        }
        return new SecretPlan(draft.name(), auth, key, credentials, draft.usedBy(), googleKey);
    }
}
