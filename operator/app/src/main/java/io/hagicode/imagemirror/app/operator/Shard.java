package io.hagicode.imagemirror.app.operator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which ImageMirrors this operator reconciles ({@code --selector}; empty: all) and the Lease its replicas elect a
 * leader through ({@code --lease-name}).
 * <p>
 * Each shard needs a Lease of its own: with one Lease for all, the leader of shard a would keep shard b's pods on
 * standby and b's mirrors would never sync. So without {@code --lease-name}, a selector gives the Lease
 * {@code imagemirror-operator-<10 hex digits of the SHA-256 of the selector>}: the replicas of one shard (one
 * Deployment, the same selector) share it, different selectors never do. Without a selector the Lease keeps its
 * historical name, {@value OperatorSettings#LEASE_NAME}, so upgrading an unsharded install changes nothing.
 */
public record Shard(Optional<MirrorSelector> selector, String leaseName) {
    /** Every ImageMirror, one Lease: the operator unsharded. */
    public static final Shard ALL = new Shard(Optional.empty(), OperatorSettings.LEASE_NAME);

    private static final int MAX_LEASE_NAME = 253;
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** @throws IllegalArgumentException when {@code leaseName} cannot name a Lease */
    public static Shard of(Optional<MirrorSelector> selector, Optional<String> leaseName) {
        String lease = leaseName.map(String::strip).orElseGet(() -> selector.map(Shard::derivedLeaseName)
                .orElse(OperatorSettings.LEASE_NAME));
        if (lease.isEmpty() || lease.length() > MAX_LEASE_NAME || !DNS_SUBDOMAIN.matcher(lease).matches()) {
            throw new IllegalArgumentException("--lease-name '" + lease + "': not a valid Lease name (a DNS "
                    + "subdomain: at most 253 lower-case letters, digits, '-' and '.')");
        }
        return new Shard(selector, lease);
    }

    private static String derivedLeaseName(MirrorSelector selector) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(selector.expression().getBytes(StandardCharsets.UTF_8));
            return OperatorSettings.LEASE_NAME + "-" + HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** For log lines: "every ImageMirror" or "ImageMirrors matching SELECTOR". */
    public String describe() {
        return selector.map(s -> "ImageMirrors matching " + s).orElse("every ImageMirror");
    }
}
