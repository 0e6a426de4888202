package io.fourfold.api.operations;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The known task types and who serves them. */
@RestController
@Tag(name = "Operations")
class TaskTypeController {

    private final KnownTaskTypes knownTypes;

    TaskTypeController(KnownTaskTypes knownTypes) {
        this.knownTypes = knownTypes;
    }

    @GetMapping(path = "/api/task-types", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Known task types",
            description = "Types registered by workers (kept in the store when workers stop) and types declared in "
                    + "`fourfold.api.task-types`, sorted by name, with their defaults, payload schema and the number "
                    + "of live workers serving each now.")
    Mono<List<TaskTypeView>> taskTypes() {
        return knownTypes.views();
    }
}
