package io.fourfold.transport;

/**
 * A started attempt: the delivery plus the fencing token under which its writes are accepted.
 *
 * @param attempt the attempt number, 1 for the first
 */
public record TaskLease(TaskDelivery delivery, long fence, int attempt) {

    public String taskId() {
        return delivery.taskId();
    }
}
