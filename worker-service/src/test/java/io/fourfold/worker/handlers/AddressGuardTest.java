package io.fourfold.worker.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fourfold.worker.execution.NonRetryableTaskException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {

    private final AddressGuard guard = new AddressGuard(false);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1",
            "169.254.169.254", "fe80::1", "fc00::1", "fd12:3456::1", "224.0.0.1", "ff02::1", "0.0.0.0", "::",
            "100.64.0.1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"})
    void refusesAddressesThatAreNotPublic(String literal) throws UnknownHostException {
        assertThat(guard.isAllowed(InetAddress.getByName(literal))).isFalse();
        assertThatThrownBy(() -> guard.resolve(literal)).isInstanceOf(NonRetryableTaskException.class)
                .hasMessageContaining("private, loopback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "1.1.1.1", "2606:4700:4700::1111", "100.128.0.1"})
    void allowsPublicAddresses(String literal) throws UnknownHostException {
        assertThat(guard.isAllowed(InetAddress.getByName(literal))).isTrue();
        assertThat(guard.resolve(literal)).isEqualTo(InetAddress.getByName(literal));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void allowsLoopbackOnlyWhenTheTestSwitchIsOn(String literal) throws UnknownHostException {
        assertThat(new AddressGuard(true).isAllowed(InetAddress.getByName(literal))).isTrue();
        assertThat(new AddressGuard(true).isAllowed(InetAddress.getByName("10.0.0.1"))).isFalse();
    }
}
