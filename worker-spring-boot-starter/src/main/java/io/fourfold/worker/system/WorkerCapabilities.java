package io.fourfold.worker.system;

import io.fourfold.task.ExecutorKind;
import io.fourfold.transport.TaskTypeInfo;
import io.fourfold.transport.WorkerInfo;
import java.util.List;
import java.util.Map;

/** What this worker serves and how busy it is, as its heartbeat reports it; the execution engine provides it. */
public interface WorkerCapabilities {

    /** The task types of every handler, each with its payload schema. */
    List<TaskTypeInfo> taskTypes();

    /** Per executor, how many slots there are and how many are busy right now. */
    Map<ExecutorKind, WorkerInfo.Slots> slots();
}
