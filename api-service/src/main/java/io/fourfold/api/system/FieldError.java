package io.fourfold.api.system;

/**
 * One entry of a problem's {@code errors}: which field of the request is wrong and why.
 *
 * @param field the field's path in the request, e.g. {@code priority}, {@code payload.millis} or {@code [3].type}
 */
public record FieldError(String field, String message) {

    /** The same error for an item of a batch or a nested object: {@code prefix} plus this field. */
    public FieldError under(String prefix) {
        return new FieldError(prefix + field, message);
    }
}
