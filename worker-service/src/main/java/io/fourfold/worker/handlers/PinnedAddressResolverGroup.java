package io.fourfold.worker.handlers;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A resolver that answers every name with the one address the {@link AddressGuard} approved: the connection goes to
 * the very address that was checked, with no second DNS lookup that could answer differently.
 */
final class PinnedAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    private final InetAddress address;

    PinnedAddressResolverGroup(InetAddress address) {
        this.address = address;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new InetSocketAddressResolver(executor, new InetNameResolver(executor) {
            @Override
            protected void doResolve(String host, Promise<InetAddress> promise) {
                promise.setSuccess(address);
            }

            @Override
            protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                promise.setSuccess(List.of(address));
            }
        });
    }
}
