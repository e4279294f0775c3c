package io.hagicode.imagemirror.app.deploy;

import java.util.Map;

/**
 * Renders deploy/argocd/argocd-cm-health.yaml from a {@link ResourceCustomization}, so that the scripts exist once
 * (the files in Argo CD's layout) and the argocd-cm snippet is their copy, checked for staleness like the CRD.
 */
final class ArgoCdConfigMap {
    static final String FILE = "deploy/argocd/argocd-cm-health.yaml";
    static final String UPDATE_PROPERTY = "imagemirror.updateArgocdCm";

    private ArgoCdConfigMap() {
    }

    static String render(ResourceCustomization c) {
        String key = c.configMapKey();
        StringBuilder out = new StringBuilder();
        out.append("""
                # GENERATED from deploy/argocd/resource_customizations/%1$s/%2$s/: edit the scripts there, then run
                #   mvn -B -q -pl operator/app -am test -Dtest=ArgoCdConfigMapIsCurrentTest -D%3$s=true \\
                #     -Dsurefire.failIfNoSpecifiedTests=false
                #
                # Merge into Argo CD's argocd-cm ConfigMap (namespace argocd):
                #   kubectl -n argocd patch configmap argocd-cm --type merge --patch-file %4$s
                # With the Helm chart, put the same keys under configs.cm; with the Argo CD Operator, the scripts go in the
                # ArgoCD resource's spec.resourceHealthChecks and spec.resourceActions (docs/gitops-argocd.md).
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: argocd-cm
                  namespace: argocd
                data:
                """.formatted(c.group(), c.kind(), UPDATE_PROPERTY, FILE));
        c.healthScript().ifPresent(health -> {
            out.append("  resource.customizations.health.").append(key).append(": |\n");
            out.append(block(health, 4));
        });
        out.append("  resource.customizations.actions.").append(key).append(": |\n");
        out.append("    discovery.lua: |\n").append(block(c.discoveryScript(), 6));
        out.append("    definitions:\n");
        for (Map.Entry<String, String> action : c.actionScripts().entrySet()) {
            out.append("      - name: ").append(action.getKey()).append('\n');
            out.append("        action.lua: |\n").append(block(action.getValue(), 10));
        }
        out.append("""
                  # The operator rewrites the Syncing condition's progress message during a sync; these updates need not
                  # refresh the Application (a change of health still does). Argo CD 2.14 and later honour this by default;
                  # on 2.8 to 2.13 it takes effect only with resource.ignoreResourceUpdatesEnabled: "true" in argocd-cm.
                  resource.customizations.ignoreResourceUpdates.%s: |
                    jsonPointers:
                      - /status
                """.formatted(key));
        return out.toString();
    }

    /** A YAML literal block ({@code |}) body: keeps the text exactly when it ends in a single newline. */
    private static String block(String text, int indent) {
        if (!text.endsWith("\n") || text.endsWith("\n\n")) {
            throw new IllegalArgumentException("a script must end in exactly one newline to be quoted as a "
                    + "literal block: " + text.lines().findFirst().orElse(""));
        }
        if (text.startsWith(" ") || text.startsWith("\t")) {
            throw new IllegalArgumentException("a script must not start with blanks: " + text.lines().findFirst());
        }
        String pad = " ".repeat(indent);
        StringBuilder out = new StringBuilder();
        text.lines().forEach(line -> out.append(line.isEmpty() ? "" : pad + line).append('\n'));
        return out.toString();
    }
}
