package io.fourfold.api.workflows;

import io.fourfold.api.submission.TaskRequest;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A workflow as a client creates it: its kind, its tasks as {@code POST /api/tasks} takes them, and a callback. */
@Schema(description = "A workflow: a chain, a group with a callback, or a batch of tasks")
record WorkflowRequest(
        @Schema(description = "CHAIN: one task after the other; GROUP: all at once, then the callback; BATCH: all "
                + "at once, no callback", allowableValues = {"CHAIN", "GROUP", "BATCH"},
                requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable String kind,
        @ArraySchema(arraySchema = @Schema(description = "The chain's steps in order, or the group's or batch's "
                + "members; 1 to fourfold.api.batch-limit (1000). A chain step after the first without a payload "
                + "takes the previous step's result as its payload"), schema = @Schema(implementation = TaskRequest.class))
        @Nullable List<@Nullable TaskRequest> tasks,
        @Schema(description = "GROUP only, and required there: submitted once every member succeeded; without a "
                + "payload it takes the JSON array of the members' results, in order")
        @Nullable TaskRequest callback) {
}
