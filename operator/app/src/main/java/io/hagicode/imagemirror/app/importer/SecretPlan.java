package io.hagicode.imagemirror.app.importer;

import java.util.List;

/**
 * A kubernetes.io/dockerconfigjson Secret for one auth.yaml entry. {@code credentials} is null when the Secret is to
 * carry placeholders (the default, or when the values are GitHub Actions expressions).
 */
record SecretPlan(String name, AuthEntry auth, String dockerConfigKey, CredentialValues.Resolved credentials,
                  List<String> usedBy) {
    SecretPlan {
        usedBy = List.copyOf(usedBy);
    }

    boolean hasPlaceholders() {
        return credentials == null;
    }

    @Override
    public String toString() {
        return "SecretPlan[" + name + " for " + auth.scope() + (hasPlaceholders() ? ", placeholders" : ", credentials")
                + "]";
    }
}
