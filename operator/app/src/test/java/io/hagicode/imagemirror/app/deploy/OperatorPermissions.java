package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the operator calls on the API server, as "apiGroup resource verb" triples: the ClusterRole or Role must grant
 * exactly these. Fewer and the operator fails at run time; more and it holds privileges it never uses.
 * (SelfSubjectRulesReview, which JOSDK posts before leader election, is open to every authenticated user through
 * the built-in system:basic-user role and needs no grant.)
 */
final class OperatorPermissions {
    static final Set<String> REQUIRED = Set.of(
            "mirror.hagicode.io imagemirrors get", "mirror.hagicode.io imagemirrors list",
            "mirror.hagicode.io imagemirrors watch", "mirror.hagicode.io imagemirrors patch",
            "mirror.hagicode.io imagemirrors update",
            "mirror.hagicode.io imagemirrors/status get", "mirror.hagicode.io imagemirrors/status patch",
            "mirror.hagicode.io imagemirrors/status update",
            " secrets get", " secrets list", " secrets watch",
            " events create", " events patch",
            "coordination.k8s.io leases get", "coordination.k8s.io leases create", "coordination.k8s.io leases update",
            // fabric8 7.5 renews the Lease with PATCH (seen in LeaderElectionTest's request log).
            "coordination.k8s.io leases patch");

    private OperatorPermissions() {
    }

    /** Asserts the rules of a Role or ClusterRole grant exactly {@link #REQUIRED}, with no wildcard anywhere. */
    static void assertExactlyRequired(Map<String, Object> role) {
        String name = Yaml.str(role, "kind") + "/" + Yaml.str(role, "metadata", "name");
        List<Object> rules = Yaml.list(role, "rules");
        assertThat(rules).as(name + " rules").isNotEmpty();
        assertThat(role).as(name + " must not aggregate other roles").doesNotContainKey("aggregationRule");
        Set<String> granted = new TreeSet<>();
        for (Object rule : rules) {
            assertThat(Yaml.list(rule, "nonResourceURLs")).as(name + ": nonResourceURLs").isEmpty();
            assertThat(Yaml.list(rule, "resourceNames")).as(name + ": resourceNames").isEmpty();
            List<Object> groups = Yaml.list(rule, "apiGroups");
            List<Object> resources = Yaml.list(rule, "resources");
            List<Object> verbs = Yaml.list(rule, "verbs");
            assertThat(groups).as(name + ": apiGroups of " + rule).isNotEmpty().doesNotContain("*");
            assertThat(resources).as(name + ": resources of " + rule).isNotEmpty().doesNotContain("*")
                    .allSatisfy(r -> assertThat(r.toString()).doesNotContain("*"));
            assertThat(verbs).as(name + ": verbs of " + rule).isNotEmpty().doesNotContain("*");
            for (Object group : groups) {
                for (Object resource : resources) {
                    for (Object verb : verbs) {
                        granted.add(group + " " + resource + " " + verb);
                    }
                }
            }
        }
        assertThat(granted).as(name + " grants beyond what the operator needs")
                .isSubsetOf(REQUIRED);
        assertThat(new TreeSet<>(REQUIRED)).as(name + " misses permissions the operator needs")
                .isSubsetOf(granted);
    }
}
