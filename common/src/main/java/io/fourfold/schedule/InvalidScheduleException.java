package io.fourfold.schedule;

/** A schedule that cannot be: names the field that is wrong and why, for an api answer or a startup failure. */
public class InvalidScheduleException extends IllegalArgumentException {

    private final String field;
    private final String reason;

    public InvalidScheduleException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
