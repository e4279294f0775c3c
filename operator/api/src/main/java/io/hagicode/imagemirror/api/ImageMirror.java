package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Keeps a source repository mirrored to one or more targets. The class description becomes the schema root's, which
 * {@code kubectl explain imagemirror} prints first; {@link CrdExporter} puts it there (the generator has no way to).
 */
@JsonClassDescription("An ImageMirror keeps the tags of one container image repository copied to one or more "
        + "repositories in other registries, on a schedule. See docs/crd-reference.md.")
@Group(ImageMirror.GROUP)
@Version(ImageMirror.VERSION)
@Kind("ImageMirror")
@Plural("imagemirrors")
@Singular("imagemirror")
@ShortNames({"imgmirror", "imm"})
@Categories(ImageMirror.CATEGORY)
@AdditionalPrinterColumn(name = "Source", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".spec.source.repository")
@AdditionalPrinterColumn(name = "Targets", type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".status.targetCount")
@AdditionalPrinterColumn(name = "Tags", type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".status.selectedTags")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Reason", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(name = "Last Sync", type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".status.lastSyncTime")
// A string, not a date: kubectl shows a date column's future value as "<invalid>".
@AdditionalPrinterColumn(name = "Next Sync", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.nextSyncTime", priority = 1)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".metadata.creationTimestamp")
public class ImageMirror extends CustomResource<ImageMirrorSpec, ImageMirrorStatus> implements Namespaced {
    public static final String GROUP = "mirror.hagicode.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    /** {@code kubectl get imagemirror} lists every kind of this project, as {@code kubectl get flux} does for Flux. */
    public static final String CATEGORY = "imagemirror";
    /** Set to any new value to ask for a sync now (like Flux's reconcile.fluxcd.io/requestedAt). */
    public static final String REQUESTED_AT_ANNOTATION = GROUP + "/requested-at";

    // Overridden only to describe spec and status in the schema.
    @Override
    @JsonPropertyDescription("What to mirror (source), where to (targets), which tags and platforms, and when "
            + "(schedule, timeZone, suspend). The same fields make the CLI's mirror.yaml.")
    public ImageMirrorSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed: the Ready, Syncing and PublicPull conditions, when the last and next "
            + "syncs are, and per-target results. Written only by the operator; never holds a credential.")
    public ImageMirrorStatus getStatus() {
        return super.getStatus();
    }
}
