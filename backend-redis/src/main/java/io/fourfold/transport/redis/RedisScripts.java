package io.fourfold.transport.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * The Lua scripts of the backend, each its own file in this package's resources, run after a shared prelude of
 * helpers. Spring sends them by SHA and loads them on the first miss.
 */
final class RedisScripts {

    final Script submit = load("submit");
    final Script read = load("read");
    final Script start = load("start");
    final Script renew = load("renew");
    final Script progress = load("progress");
    final Script finish = load("finish");
    final Script deadLetter = load("dead-letter");
    final Script giveBack = load("give-back");
    final Script defer = load("defer");
    final Script limitsUsage = load("limits-usage");
    final Script moveDue = load("move-due");
    final Script cancel = load("cancel");
    final Script list = load("list");
    final Script sweepIndex = load("sweep-index");
    final Script heartbeat = load("heartbeat");
    final Script workers = load("workers");
    final Script recordsInsert = load("records-insert");
    final Script recordsReveal = load("records-reveal");
    final Script recordsDrop = load("records-drop");
    final Script recordsSweep = load("records-sweep");
    final Script recordsStart = load("records-start");
    final Script recordsFinish = load("records-finish");
    final Script recordsFail = load("records-fail");
    final Script stats = load("stats");
    final Script retryDead = load("retry-dead");
    final Script deleteDead = load("delete-dead");
    final Script restoreDead = load("restore-dead");
    final Script schedulePut = load("schedule-put");
    final Script scheduleState = load("schedule-state");
    final Script scheduleDelete = load("schedule-delete");
    final Script scheduleClaim = load("schedule-claim");
    final Script scheduleAdvance = load("schedule-advance");
    final Script workflowCreate = load("workflow-create");
    final Script workflowSubmitted = load("workflow-submitted");
    final Script workflowFinish = load("workflow-finish");
    final Script workflowList = load("workflow-list");

    private final ReactiveStringRedisTemplate redis;

    RedisScripts(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    private Script load(String name) {
        String source = text("prelude") + text(name);
        return new Script(RedisScript.of(source, List.class), RedisScript.of(source, Long.class));
    }

    private static String text(String name) {
        try (InputStream in = RedisScripts.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("Missing script " + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One script; its reply is a number or a list of strings. */
    final class Script {

        @SuppressWarnings("rawtypes")
        private final RedisScript<List> listScript;
        private final RedisScript<Long> numberScript;

        @SuppressWarnings("rawtypes")
        private Script(RedisScript<List> listScript, RedisScript<Long> numberScript) {
            this.listScript = listScript;
            this.numberScript = numberScript;
        }

        /** Runs the script for a list of strings. */
        @SuppressWarnings("unchecked")
        Mono<List<String>> strings(List<String> keys, List<String> args) {
            return redis.execute(listScript, keys, args).next().map(reply -> (List<String>) reply);
        }

        /** Runs the script for a number (its whole reply being an integer). */
        Mono<Long> number(List<String> keys, List<String> args) {
            return redis.execute(numberScript, keys, args).next();
        }
    }
}
