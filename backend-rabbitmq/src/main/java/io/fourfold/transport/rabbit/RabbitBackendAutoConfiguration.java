package io.fourfold.transport.rabbit;

import io.fourfold.transport.FourfoldProperties;
import io.fourfold.transport.TaskRecords;
import io.fourfold.transport.redis.RedisTaskQueues;
import io.fourfold.transport.redis.RedisTaskStore;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The RabbitMQ transport, chosen by {@code fourfold.transport=rabbitmq}, on Boot's {@code spring.rabbitmq.*}
 * connection; its records live in the Redis store that {@code RedisStoreAutoConfiguration} defines for this mode.
 * Nothing here talks to the broker while the context starts: a service starts without one and connects when it
 * first submits or receives.
 */
@AutoConfiguration(after = RabbitAutoConfiguration.class,
        afterName = "io.fourfold.transport.redis.RedisStoreAutoConfiguration")
@ConditionalOnProperty(name = "fourfold.transport", havingValue = "rabbitmq")
@EnableConfigurationProperties({FourfoldProperties.class, RabbitBackendProperties.class})
public class RabbitBackendAutoConfiguration {

    @Bean(destroyMethod = "close")
    RabbitTaskTransport rabbitTaskTransport(ConnectionFactory connections, TaskRecords records,
            RabbitBackendProperties rabbit, FourfoldProperties fourfold) {
        return new RabbitTaskTransport(connections, records, rabbit, fourfold.store().deadLetterRetention());
    }

    /**
     * Queue figures, pause and dead letters, kept in the Redis store; a retried dead letter is published like a
     * submit (hidden record, confirmed publish, reveal).
     */
    @Bean
    RedisTaskQueues rabbitTaskQueues(RedisTaskStore store, RabbitTaskTransport transport) {
        return RabbitTaskTransport.queues(store, transport);
    }

    /** Fails the start, naming the property, on settings that can never connect. */
    @Bean
    static RabbitSettingsCheck rabbitSettingsCheck() {
        return new RabbitSettingsCheck();
    }

    /**
     * A submit answers only after the broker confirmed its messages, and an unroutable message must come back
     * rather than vanish: correlated confirms and returns on Boot's connection factory, whatever else is set.
     */
    @Bean
    static BeanPostProcessor fourfoldPublisherConfirms() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof CachingConnectionFactory factory) {
                    factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
                    factory.setPublisherReturns(true);
                }
                return bean;
            }
        };
    }
}
