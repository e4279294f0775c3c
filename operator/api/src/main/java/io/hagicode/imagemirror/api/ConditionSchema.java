package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;

/**
 * The schema of one status condition, as metav1.Condition declares it (required fields, the status enum, lengths and
 * patterns). Schema only: at run time the operator keeps using fabric8's {@code Condition}, which has the same fields
 * but no constraints the generator could read. {@link ImageMirrorStatus} points the generator here with
 * {@code @SchemaFrom(type = ConditionSchema.List.class)}.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
final class ConditionSchema {
    @Required
    @Size(max = FieldLimits.CONDITION_TYPE_LENGTH)
    @Pattern(FieldLimits.CONDITION_TYPE_PATTERN)
    @JsonPropertyDescription("Type of condition in CamelCase: Ready or Syncing.")
    private String type;

    @Required
    @JsonPropertyDescription("True, False or Unknown.")
    private Status status;

    @Min(0)
    @JsonPropertyDescription("The spec generation the condition was set for.")
    private Long observedGeneration;

    @Required
    @DateTime
    @JsonPropertyDescription("When the condition last changed from one status to another.")
    private String lastTransitionTime;

    @Required
    @Size(min = 1, max = FieldLimits.CONDITION_REASON_LENGTH)
    @Pattern(FieldLimits.CONDITION_REASON_PATTERN)
    @JsonPropertyDescription("Why the condition has its status, in CamelCase (see docs/crd-reference.md).")
    private String reason;

    @Required
    @Size(max = FieldLimits.CONDITION_MESSAGE_LENGTH)
    @JsonPropertyDescription("Details for people; may be empty.")
    private String message;

    private ConditionSchema() {
    }

    enum Status {
        @JsonProperty("True") TRUE,
        @JsonProperty("False") FALSE,
        @JsonProperty("Unknown") UNKNOWN
    }

    /** The list type the generator reads: {@code @SchemaFrom} replaces a property's whole type, list included. */
    static final class List extends ArrayList<ConditionSchema> {
    }
}
