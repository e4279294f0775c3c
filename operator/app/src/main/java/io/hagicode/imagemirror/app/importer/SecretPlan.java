package io.hagicode.imagemirror.app.importer;

import java.util.List;

/**
 * A kubernetes.io/dockerconfigjson Secret for one auth.yaml entry. {@code credentials} is null when the Secret is to
 * carry placeholders (the default, or when the values are GitHub Actions expressions). {@code googleKey} marks an
 * entry with image-syncer's {@code _oauth2_} username, whose placeholders want a service-account key.
 */
record SecretPlan(String name, AuthEntry auth, String dockerConfigKey, CredentialValues.Resolved credentials,
                  List<String> usedBy, boolean googleKey) {
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
