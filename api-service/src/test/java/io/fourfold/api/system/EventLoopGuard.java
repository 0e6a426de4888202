package io.fourfold.api.system;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound lets through on the event loop in these tests, beyond the integrations that Reactor, Reactor
 * Netty and Spring ship:
 * <ul>
 *   <li>the JSON Schema library reads its message bundle from its jar once, on the first validation error, and
 *       caches it (a one-off resource load, like class loading);</li>
 *   <li>springdoc serves the OpenAPI document under a lock, which is contended only while the document is being
 *       built at startup ({@code springdoc.pre-loading-enabled}); afterwards it guards a cached read.</li>
 * </ul>
 */
public final class EventLoopGuard implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("com.networknt.schema.i18n.ResourceBundleMessageSource", "getResourceBundle");
        builder.allowBlockingCallsInside("org.springdoc.api.AbstractOpenApiResource", "getOpenApi");
    }
}
