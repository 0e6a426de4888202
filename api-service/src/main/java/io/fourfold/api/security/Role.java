package io.fourfold.api.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a caller may do; each role includes the ones before it ({@code read} ⊂ {@code submit} ⊂ {@code admin}).
 * read: every GET. submit: also submit (with {@code ?wait=}) and cancel its own tasks. admin: everything.
 */
public enum Role {
    READ, SUBMIT, ADMIN;

    /** The authority that a caller holding this role, or a higher one, is granted. */
    String authority() {
        return "ROLE_" + name();
    }

    /** The authorities of this role: its own and those of every role it includes. */
    List<GrantedAuthority> grants() {
        return Arrays.stream(values())
                .filter(role -> role.ordinal() <= ordinal())
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority(role.authority()))
                .toList();
    }

    /** The role named {@code name} ({@code read}, {@code submit}, {@code admin}, any case). */
    static Optional<Role> named(String name) {
        return Arrays.stream(values()).filter(role -> role.name().equals(name.toUpperCase(Locale.ROOT))).findFirst();
    }
}
