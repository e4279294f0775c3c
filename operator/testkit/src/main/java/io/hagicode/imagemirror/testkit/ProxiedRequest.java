package io.hagicode.imagemirror.testkit;

/**
 * One request a {@link FaultProxy} received.
 *
 * @param method        HTTP method
 * @param uri           path plus query, as sent
 * @param authorization whether it carried an {@code Authorization} header (the value is never kept)
 * @param fault         the fault applied to it, or null when it was relayed untouched
 * @param nanoTime      {@link System#nanoTime()} when its head had arrived, to measure waits between tries
 */
public record ProxiedRequest(String method, String uri, boolean authorization, Fault fault, long nanoTime) {

    public boolean is(String httpMethod) {
        return method.equalsIgnoreCase(httpMethod);
    }

    public boolean faulted() {
        return fault != null;
    }

    @Override
    public String toString() {
        return method + " " + uri + (fault != null ? " [" + fault.getClass().getSimpleName() + "]" : "");
    }
}
