package io.fourfold.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Calls that come in while a batch is on its way go together as the next one, each answered with its own result. */
class BatcherTest {

    private final List<List<Integer>> sent = new CopyOnWriteArrayList<>();

    @Test
    void aCallAloneGoesAtOnce() {
        Batcher<Integer, String> batcher = new Batcher<>(10, this::echo);

        assertThat(batcher.call(1).block(Duration.ofSeconds(5))).isEqualTo("1");
        assertThat(sent).containsExactly(List.of(1));
    }

    @Test
    void callsMadeWhileABatchIsOnItsWayGoTogetherInOrderUpToTheMaximum() {
        Sinks.One<List<String>> firstReply = Sinks.one();
        Batcher<Integer, String> batcher = new Batcher<>(3, batch -> {
            sent.add(batch);
            return sent.size() == 1 ? firstReply.asMono() : Mono.just(batch.stream().map(String::valueOf).toList());
        });
        Mono<String> first = batcher.call(0).cache();
        first.subscribe();
        List<Mono<String>> waiting = IntStream.rangeClosed(1, 5).mapToObj(i -> batcher.call(i).cache()).toList();
        waiting.forEach(Mono::subscribe);

        firstReply.tryEmitValue(List.of("0"));

        assertThat(Flux.concat(waiting).collectList().block(Duration.ofSeconds(5)))
                .containsExactly("1", "2", "3", "4", "5");
        assertThat(first.block(Duration.ofSeconds(5))).isEqualTo("0");
        assertThat(sent).containsExactly(List.of(0), List.of(1, 2, 3), List.of(4, 5));
    }

    @Test
    void aFailedBatchFailsEachOfItsCallsAndTheNextBatchStillGoes() {
        Batcher<Integer, String> batcher = new Batcher<>(10,
                batch -> batch.contains(13) ? Mono.error(new IllegalStateException("down")) : echo(batch));

        assertThatThrownBy(() -> batcher.call(13).block(Duration.ofSeconds(5))).hasMessage("down");
        assertThat(batcher.call(2).block(Duration.ofSeconds(5))).isEqualTo("2");
    }

    private Mono<List<String>> echo(List<Integer> batch) {
        sent.add(batch);
        return Mono.just(batch.stream().map(String::valueOf).toList());
    }
}
