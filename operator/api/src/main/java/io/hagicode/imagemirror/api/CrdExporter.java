package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the CRD that fabric8's crd-generator wrote at build time into the YAML committed under {@code crds/}, adding
 * what the generator cannot write, always on the typed model rather than on the text:
 * <ul>
 *   <li>printer columns back in the order declared on {@link ImageMirror} (the generator sorts them by JSON path, and
 *   kubectl shows them in CRD order);</li>
 *   <li>the schema root's description, from {@link ImageMirror}'s {@link JsonClassDescription};</li>
 *   <li>list-map keys, date-time and integer formats ({@link SchemaExtensions}).</li>
 * </ul>
 */
public final class CrdExporter {
    public static final String GENERATED_RESOURCE = "/META-INF/fabric8/imagemirrors.mirror.hagicode.io-v1.yml";
    public static final String COMMITTED_FILE = "crds/imagemirrors.mirror.hagicode.io.yaml";
    private static final String HEADER = "# Generated from the Java model (operator/api) by fabric8's crd-generator; do not edit.\n"
            + "# Regenerate: mvn -pl operator/api -am test -Dtest=CrdIsCurrentTest -Dimagemirror.updateCrd=true\n";

    private CrdExporter() {
    }

    public static String export() {
        CustomResourceDefinition crd = loadGenerated();
        List<String> declared = Arrays.stream(ImageMirror.class.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name).toList();
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
            columns.sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
            JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
            root.setDescription(ImageMirror.class.getAnnotation(JsonClassDescription.class).value());
            SchemaExtensions.apply(ImageMirrorSpec.class, root.getProperties().get("spec"), "spec");
            SchemaExtensions.apply(ImageMirrorStatus.class, root.getProperties().get("status"), "status");
        }
        String yaml = Serialization.asYaml(crd);
        return HEADER + (yaml.startsWith("---\n") ? yaml.substring(4) : yaml);
    }

    private static CustomResourceDefinition loadGenerated() {
        try (InputStream in = CrdExporter.class.getResourceAsStream(GENERATED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(GENERATED_RESOURCE + " is missing: run the Maven build of operator/api");
            }
            return Serialization.unmarshal(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
