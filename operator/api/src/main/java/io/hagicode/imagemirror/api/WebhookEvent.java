package io.hagicode.imagemirror.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** The last push event the webhook receiver accepted for a mirror. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebhookEvent {
    @DateTime
    @JsonPropertyDescription("When the tag was pushed: the sender's timestamp where it gives one, else the arrival.")
    private String time;

    @Size(max = FieldLimits.TAG_LENGTH)
    @JsonPropertyDescription("The pushed tag.")
    private String tag;

    @Size(max = FieldLimits.WEBHOOK_SENDER_LENGTH)
    @JsonPropertyDescription("Which format the event came in: distribution, dockerhub, acr, harbor, github or generic.")
    private String sender;

    public WebhookEvent() {
    }

    public WebhookEvent(String time, String tag, String sender) {
        this.time = time;
        this.tag = tag;
        this.sender = sender;
    }

    public String getTime() {
        return time;
    }

    public void setTime(String time) {
        this.time = time;
    }

    public String getTag() {
        return tag;
    }

    public void setTag(String tag) {
        this.tag = tag;
    }

    public String getSender() {
        return sender;
    }

    public void setSender(String sender) {
        this.sender = sender;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookEvent e && Objects.equals(time, e.time) && Objects.equals(tag, e.tag)
                && Objects.equals(sender, e.sender);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, tag, sender);
    }
}
