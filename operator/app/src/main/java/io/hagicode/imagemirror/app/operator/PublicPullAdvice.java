package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.oci.Repository;
import java.util.Locale;

/**
 * What to change so that the public can pull a target, in the words of its registry's console. The two registries
 * users in China pull from without logging in get their exact setting; any other gets a general sentence.
 */
final class PublicPullAdvice {
    private PublicPullAdvice() {
    }

    static String forRepository(Repository repository) {
        String host = host(repository.registry());
        if (isAzure(host)) {
            String name = host.substring(0, host.indexOf('.'));
            return "on Azure Container Registry, enable anonymous pull for the registry: az acr update --name " + name
                    + " --anonymous-pull-enabled true (Standard or Premium SKU only)";
        }
        if (host.endsWith(".aliyuncs.com")) {
            String path = repository.path();
            int slash = path.indexOf('/');
            String namespace = slash < 0 ? "" : " (or set the default repository type of namespace "
                    + path.substring(0, slash) + " to Public, for repositories that pushes create)";
            return "on Alibaba Cloud Container Registry, make repository " + path + " Public in the console"
                    + namespace;
        }
        return "allow anonymous pulls of " + repository.path() + " in the settings of " + repository.registry()
                + " (often: make the repository public)";
    }

    // Azure public cloud, Azure China (the registries users in China reach) and Azure Government.
    private static boolean isAzure(String host) {
        return host.endsWith(".azurecr.io") || host.endsWith(".azurecr.cn") || host.endsWith(".azurecr.us");
    }

    private static String host(String registry) {
        String lower = registry.toLowerCase(Locale.ROOT);
        int colon = lower.lastIndexOf(':');
        return colon > 0 && !lower.endsWith("]") ? lower.substring(0, colon) : lower;
    }
}
