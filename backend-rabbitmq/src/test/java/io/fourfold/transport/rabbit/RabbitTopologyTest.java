package io.fourfold.transport.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/** A delay is made of hops that never overshoot, but the last one rounds up: a task never runs early. */
class RabbitTopologyTest {

    private final RabbitTopology topology = new RabbitTopology(new RabbitAdmin(new CachingConnectionFactory()),
            RabbitBackendProperties.withPrefix("p."), Duration.ofDays(7));

    @Test
    void eachHopTakesTheLongestStepThatDoesNotOvershoot() {
        assertThat(topology.hop(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
        assertThat(topology.hop(Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(5));
        assertThat(topology.hop(Duration.ofHours(5))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theLastHopRoundsUpToTheShortestStep() {
        assertThat(topology.hop(Duration.ofMillis(700))).isEqualTo(Duration.ofSeconds(1));
        assertThat(topology.hop(Duration.ofMillis(1))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void namesCarryThePrefix() {
        assertThat(topology.workQueue("default")).isEqualTo("p.q.default");
        assertThat(topology.delayExchange(Duration.ofSeconds(30))).isEqualTo("p.delay.30000ms");
        assertThat(topology.deadQueue()).isEqualTo("p.dead");
    }
}
