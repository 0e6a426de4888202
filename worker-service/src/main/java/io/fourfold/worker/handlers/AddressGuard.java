package io.fourfold.worker.handlers;

import io.fourfold.worker.execution.NonRetryableTaskException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Decides which addresses {@code http.get} may connect to, after DNS resolution, so a name on the allow-list that
 * points into the private network (by mistake or by DNS rebinding) is refused.
 */
final class AddressGuard {

    private final boolean allowLoopback;

    AddressGuard(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /**
     * Resolves {@code host} (blocking: call it on a virtual thread) and answers the address to connect to. Refused
     * when any of its addresses is not public: one bad answer is enough to distrust the name.
     */
    InetAddress resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            if (!isAllowed(address)) {
                throw new NonRetryableTaskException("Host '" + host + "' resolves to " + address.getHostAddress()
                        + ", a private, loopback, link-local, multicast or unspecified address");
            }
        }
        return addresses[0];
    }

    boolean isAllowed(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return allowLoopback;
        }
        return !(address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress() || isOtherNonPublic(address));
    }

    /** Ranges the JDK does not classify: IPv6 unique local (fc00::/7), 0.0.0.0/8 and shared CGNAT (100.64.0.0/10). */
    private static boolean isOtherNonPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc;
        }
        return bytes[0] == 0 || (bytes[0] == 100 && (bytes[1] & 0xc0) == 64);
    }
}
