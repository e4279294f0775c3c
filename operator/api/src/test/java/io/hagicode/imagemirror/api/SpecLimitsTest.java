package io.hagicode.imagemirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The CLI has no API server, so {@link SpecChecks} enforce the same maxLength and maxItems as the CRD. The limits
 * are read from the generated CRD, and every bounded spec field must have a case here: a new limit without a check in
 * the validator fails this test.
 */
class SpecLimitsTest {
    /** For each bounded field of the CRD's spec: how to put a value of a given size (characters or entries) there. */
    private static final Map<String, BiConsumer<ImageMirrorSpec, Integer>> SIZED = Map.ofEntries(
            Map.entry("spec.source.repository", (s, n) -> s.getSource().setRepository(repository(n))),
            Map.entry("spec.source.credentialsSecretRef.name",
                    (s, n) -> s.getSource().setCredentialsSecretRef(new SecretReference("s".repeat(n)))),
            Map.entry("spec.source.proxy.url", (s, n) -> s.getSource().setProxy(new ProxySpec(proxyUrl(n), null))),
            Map.entry("spec.source.proxy.credentialsSecretRef.name", (s, n) -> s.getSource().setProxy(
                    new ProxySpec("http://proxy:3128", new SecretReference("s".repeat(n))))),
            Map.entry("spec.targets[].proxy.url",
                    (s, n) -> s.getTargets().get(0).setProxy(new ProxySpec(proxyUrl(n), null))),
            Map.entry("spec.targets[].proxy.credentialsSecretRef.name", (s, n) -> s.getTargets().get(0).setProxy(
                    new ProxySpec("http://proxy:3128", new SecretReference("s".repeat(n))))),
            Map.entry("spec.targets", (s, n) -> s.setTargets(new ArrayList<>(IntStream.range(0, n)
                    .mapToObj(i -> new RepositorySpec("registry.example.com/t" + i, null, null)).toList()))),
            Map.entry("spec.targets[].repository", (s, n) -> s.getTargets().get(0).setRepository(repository(n))),
            Map.entry("spec.targets[].credentialsSecretRef.name",
                    (s, n) -> s.getTargets().get(0).setCredentialsSecretRef(new SecretReference("s".repeat(n), true))),
            Map.entry("spec.tags.include", (s, n) -> s.getTags().setInclude(copies("v.*", n))),
            Map.entry("spec.tags.include[]", (s, n) -> s.getTags().setInclude(List.of("a".repeat(n)))),
            Map.entry("spec.tags.exclude", (s, n) -> s.getTags().setExclude(copies(".*-rc", n))),
            Map.entry("spec.tags.exclude[]", (s, n) -> s.getTags().setExclude(List.of("a".repeat(n)))),
            Map.entry("spec.tags.semver", (s, n) -> s.getTags().setSemver(">=1.0.0" + " ".repeat(n - 7))),
            Map.entry("spec.digests", (s, n) -> s.setDigests(new ArrayList<>(Collections.nCopies(n,
                    new DigestPinSpec("sha256:" + "a".repeat(64), null))))),
            Map.entry("spec.digests[].digest", (s, n) -> s.setDigests(List.of(
                    new DigestPinSpec("sha256:" + "a".repeat(n - 7), null)))),
            Map.entry("spec.digests[].tag", (s, n) -> s.setDigests(List.of(
                    new DigestPinSpec("sha256:" + "a".repeat(64), "t".repeat(n))))),
            Map.entry("spec.platforms", (s, n) -> s.setPlatforms(copies("linux/amd64", n))),
            Map.entry("spec.platforms[]", (s, n) -> s.setPlatforms(List.of("linux/" + "a".repeat(n - 6)))),
            Map.entry("spec.referrers.mode", (s, n) -> s.setReferrers(new ReferrersSpec("Types" + "s".repeat(n - 5),
                    List.of("text/spdx")))),
            Map.entry("spec.referrers.artifactTypes", (s, n) -> s.setReferrers(new ReferrersSpec("Types",
                    copies("text/spdx", n)))),
            Map.entry("spec.referrers.artifactTypes[]", (s, n) -> s.setReferrers(new ReferrersSpec("Types",
                    List.of("application/" + "a".repeat(n - 12))))),
            Map.entry("spec.schedule", (s, n) -> s.setSchedule("0 0 * * *" + " ".repeat(n - 9))),
            Map.entry("spec.timeZone", (s, n) -> s.setTimeZone("Z".repeat(n))),
            Map.entry("spec.webhook.secretRef.name",
                    (s, n) -> s.setWebhook(new WebhookSpec(new SecretReference("s".repeat(n))))));

    @Test
    void theCliEnforcesEveryLimitTheCrdDeclaresForTheSpec() {
        Map<String, Long> limits = specLimits();

        assertThat(SIZED.keySet()).as("bounded spec fields of the CRD").containsExactlyInAnyOrderElementsOf(limits.keySet());
        limits.forEach((path, limit) -> {
            String field = path.replace("[]", "[0]");
            assertThat(sizeProblems(path, limit.intValue(), field)).as("%s at its limit, %d", path, limit).isEmpty();
            assertThat(sizeProblems(path, limit.intValue() + 1, field)).as("%s one over its limit", path)
                    .singleElement().satisfies(p -> assertThat(p.message()).endsWith("at most " + limit + " are allowed"));
        });
    }

    @Test
    void theMessageNamesFieldAndLengthAndQuotesOnlyTheStartOfTheValue() {
        ImageMirrorSpec spec = base();
        spec.getTargets().get(0).setRepository(repository(300));

        assertThat(problems(spec)).extracting(SpecProblem::toString).containsExactly("spec.targets[0].repository = "
                + "'registry.example.com/aaaaaaaaaaaaaaaaaaa...': is 300 characters long; at most 255 are allowed");
    }

    @Test
    void lengthsCountCharactersAsTheApiServerDoesNotUtf16Units() {
        ImageMirrorSpec spec = base();
        spec.setTimeZone("\uD83C\uDF0D".repeat(FieldLimits.TIME_ZONE_LENGTH)); // 64 globes, 128 UTF-16 units

        assertThat(problems(spec)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.timeZone");
            assertThat(p.message()).startsWith("invalid time zone");
        });
    }

    private static List<SpecProblem> sizeProblems(String path, int size, String field) {
        ImageMirrorSpec spec = base();
        SIZED.get(path).accept(spec, size);
        return problems(spec).stream()
                .filter(p -> p.field().equals(field) && p.message().contains(" are allowed")).toList();
    }

    private static List<SpecProblem> problems(ImageMirrorSpec spec) {
        return SpecChecks.check(spec).problems();
    }

    private static ImageMirrorSpec base() {
        ImageMirrorSpec spec = SpecChecksTest.spec("docker.io/library/nginx", "registry.example.com/mirror/nginx");
        spec.setTags(new TagFilterSpec());
        return spec;
    }

    /** A valid repository of exactly {@code length} characters. */
    private static String repository(int length) {
        String host = "registry.example.com/";
        return host + "a".repeat(length - host.length());
    }

    /** A valid proxy URL of exactly {@code length} characters. */
    private static String proxyUrl(int length) {
        return "http://" + "p".repeat(length - "http://".length());
    }

    private static List<String> copies(String value, int n) {
        return new ArrayList<>(IntStream.range(0, n).mapToObj(i -> value).toList());
    }

    /** maxLength and maxItems of the spec's fields, by path ({@code spec.targets[].repository}). */
    private static Map<String, Long> specLimits() {
        CustomResourceDefinition crd = Serialization.unmarshal(CrdExporter.export(), CustomResourceDefinition.class);
        Map<String, Long> limits = new TreeMap<>();
        collect(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec"),
                "spec", limits);
        return limits;
    }

    private static void collect(JSONSchemaProps node, String path, Map<String, Long> limits) {
        Long limit = node.getMaxLength() != null ? node.getMaxLength() : node.getMaxItems();
        if (limit != null) {
            limits.put(path, limit);
        }
        if (node.getProperties() != null) {
            node.getProperties().forEach((name, child) -> collect(child, path + "." + name, limits));
        }
        if (node.getItems() != null && node.getItems().getSchema() != null) {
            collect(node.getItems().getSchema(), path + "[]", limits);
        }
    }
}
