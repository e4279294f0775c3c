package io.hagicode.imagemirror.app.operator.webhook;

import java.time.Instant;
import java.util.List;

/** Where the receiver hands the pushes it accepted for a mirror. Must return at once: the sender is waiting. */
public interface PushSink {

    /**
     * @param pushes    each with its tag selected and its repository the mirror's source
     * @param arrivedAt when the request arrived, for pushes without a timestamp of their own
     */
    void pushed(Hook hook, List<PushEvent> pushes, Instant arrivedAt);
}
