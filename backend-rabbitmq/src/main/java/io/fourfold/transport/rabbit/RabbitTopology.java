package io.fourfold.transport.rabbit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;

/**
 * The exchanges and queues, all under one prefix ({@code P}), declared on first use. The layout is documented in
 * the module's README; keep the two in step.
 *
 * <ul>
 *   <li>{@code P work}: direct exchange; routing key = the task's queue name, bound to {@code P q.<name>}.</li>
 *   <li>{@code P q.<name>}: a durable quorum work queue, dead-lettering at least once into {@code P dead}.</li>
 *   <li>{@code P delay.<ms>}: a fanout exchange and a quorum queue per delay step whose messages expire after the
 *       step and dead-letter, with their routing key, back into {@code P work}.</li>
 *   <li>{@code P dead}: fanout exchange and quorum queue of dead letters, kept for the dead-letter retention.</li>
 * </ul>
 */
final class RabbitTopology {

    private final AmqpAdmin admin;
    private final RabbitBackendProperties properties;
    private final Duration deadLetterRetention;
    /** What this process has declared since its last connection; a new connection declares again. */
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    /** Everything ever declared here, for {@link #deleteAll}. */
    private final Set<String> queues = ConcurrentHashMap.newKeySet();
    private final Set<String> exchanges = ConcurrentHashMap.newKeySet();

    RabbitTopology(AmqpAdmin admin, RabbitBackendProperties properties, Duration deadLetterRetention) {
        this.admin = admin;
        this.properties = properties;
        this.deadLetterRetention = deadLetterRetention;
    }

    String workExchange() {
        return properties.prefix() + "work";
    }

    String workQueue(String name) {
        return properties.prefix() + "q." + name;
    }

    String deadExchange() {
        return properties.prefix() + "dead";
    }

    String deadQueue() {
        return properties.prefix() + "dead";
    }

    String delayExchange(Duration step) {
        return properties.prefix() + "delay." + step.toMillis() + "ms";
    }

    List<Duration> delaySteps() {
        return properties.delaySteps();
    }

    /**
     * The next hop of a message due in {@code remaining}: the longest step that does not overshoot, or the shortest
     * step when even that does (the due time is rounded up, never down).
     */
    Duration hop(Duration remaining) {
        Duration chosen = properties.delaySteps().getFirst();
        for (Duration step : properties.delaySteps()) {
            if (step.compareTo(remaining) <= 0) {
                chosen = step;
            }
        }
        return chosen;
    }

    /** Declares the work queue of {@code name} (and the exchanges it needs) unless this process already did. */
    void declareWork(String name) {
        if (declared.contains(name)) {
            return;
        }
        declareShared();
        Queue queue = quorum(workQueue(name), Map.of(
                "x-dead-letter-exchange", deadExchange(),
                "x-delivery-limit", properties.deliveryLimit()));
        declare(queue);
        admin.declareBinding(BindingBuilder.bind(queue).to(new DirectExchange(workExchange(), true, false)).with(name));
        declared.add(name);
    }

    /** The work exchange, the delay steps and the dead letters, once per connection. */
    private void declareShared() {
        if (declared.contains("")) {
            return;
        }
        DirectExchange work = new DirectExchange(workExchange(), true, false);
        declare(work);
        FanoutExchange dead = new FanoutExchange(deadExchange(), true, false);
        declare(dead);
        Queue deadQueue = new Queue(deadQueue(), true, false, false, Map.of(
                "x-queue-type", "quorum",
                "x-message-ttl", deadLetterRetention.toMillis()));
        declare(deadQueue);
        admin.declareBinding(BindingBuilder.bind(deadQueue).to(dead));
        for (Duration step : properties.delaySteps()) {
            FanoutExchange exchange = new FanoutExchange(delayExchange(step), true, false);
            declare(exchange);
            Queue queue = quorum(delayExchange(step), Map.of(
                    "x-message-ttl", step.toMillis(),
                    "x-dead-letter-exchange", workExchange()));
            declare(queue);
            admin.declareBinding(BindingBuilder.bind(queue).to(exchange));
        }
        declared.add("");
    }

    /**
     * A durable quorum queue whose dead-lettering is at-least-once: it needs {@code reject-publish} overflow, and
     * keeps a message until the dead-letter queue confirmed it.
     */
    private static Queue quorum(String name, Map<String, Object> extra) {
        Map<String, Object> arguments = new LinkedHashMap<>(extra);
        arguments.put("x-queue-type", "quorum");
        arguments.put("x-dead-letter-strategy", "at-least-once");
        arguments.put("x-overflow", "reject-publish");
        return new Queue(name, true, false, false, arguments);
    }

    private void declare(Queue queue) {
        admin.declareQueue(queue);
        queues.add(queue.getName());
    }

    private void declare(org.springframework.amqp.core.Exchange exchange) {
        admin.declareExchange(exchange);
        exchanges.add(exchange.getName());
    }

    /** Forgets what was declared, so the next use declares again (after a reconnect, or an unroutable publish). */
    void forget() {
        declared.clear();
    }

    /** Deletes every queue and exchange this process declared: for tests, which must leave a shared broker clean. */
    void deleteAll() {
        queues.forEach(admin::deleteQueue);
        exchanges.forEach(admin::deleteExchange);
        queues.clear();
        exchanges.clear();
        declared.clear();
    }
}
