package io.fourfold.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriUtils;

/**
 * A seeded generator of malformed and edge-case requests for every endpoint: broken and oddly shaped JSON, wrong
 * types, huge numbers, deep nesting, control and non-BMP characters, empty and oversized bodies, bad headers,
 * durations, ids, cursors and query parameters. The same seed gives the same cases, so a failure can be replayed.
 */
final class BadRequests {

    /** One request to send. {@code description} is what a failure report shows. */
    record Case(String method, String uri, Map<String, String> headers, byte @Nullable [] body, String description) {
    }

    /** Values that are wrong somewhere: wrong JSON types, extreme numbers, odd strings. */
    private static final List<String> ODD_VALUES = List.of("\"x\"", "\"\"", "\" \"", "0", "-1", "1.5", "-0", "1e2",
            "1e400", "-1e400", "99999999999999999999999", "-99999999999999999999999", "9".repeat(150), "true", "false",
            "null", "[]", "{}", "[1, 2]", "{\"a\": 1}", "\"\\u0000\"", "\"\\ud800\"", "\"\\udfff\\ud800\"",
            "\"\\u202e\\u0007\\u001b[31m\"", "\"\u00e9\u4e2d\ud83d\ude00\"", "\"" + "\\n".repeat(50) + "\"", "NaN",
            "Infinity", "0x10", "01", "+1", ".5", "2147483648", "-2147483649", "9223372036854775808", "1E-400",
            "\"PT1S\"", "\"-PT1S\"", "\"P999999999999D\"", "\"PT" + "9".repeat(30) + "S\"", "\"PT0S\"", "\"P1Y\"",
            "\"2030-13-45T99:99:99Z\"", "\"+1000000000-12-31T23:59:59Z\"", "\"-1000000000-01-01T00:00:00Z\"",
            "\"2030-01-01\"", "\"echo\"", "\"sleep\"", "\"default\"", "[\"echo\"]", "{\"millis\": 5}");
    private static final List<String> DURATIONS = List.of("", " ", "PT1S", "PT0S", "PT0.2S", "-PT1S", "PT-1S",
            "P1D", "P1Y", "PT" + "9".repeat(25) + "S", "PT9223372036854775807S", "P106751991167300D", "PT1.0000000001S",
            "10", "10s", "1 second", "PT", "P", "pt1s", "PT1S ", "\u0000", "PT\u0661S", "null", "PT1H1M1.5S",
            "P-0D", "+PT1S", "PT1S&wait=PT2S");
    private static final List<String> HEADER_NAMES = List.of("Content-Type", "Accept", "Idempotency-Key", "traceparent",
            "X-API-Key", "Authorization", "Accept-Charset", "Content-Encoding", "Last-Event-ID", "If-None-Match",
            "Range", "X-Forwarded-For", "Forwarded", "Origin");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json;charset=UTF-8",
            "application/json; charset=utf-16", "application/json; charset=iso-8859-1", "application/json; charset=nope",
            "application/problem+json", "application/x-ndjson", "text/plain", "application/xml", "text/event-stream",
            "multipart/form-data", "application/x-www-form-urlencoded", "application/octet-stream", "a/b/c", "json",
            "*/*", "application/*", "application/json;;", "application/json; q=x", "");
    private static final List<String> ACCEPTS = List.of("application/json", "application/problem+json",
            "text/event-stream", "application/xml", "text/html", "*/*", "*/*;q=abc", "image/png", "a", "",
            "application/json;q=0", "text/event-stream, application/json;q=0.1");

    private static final String PUNCTUATION = "{}[]\",:\\/'%&?#=+;<>$`|";

    private final Random random;
    private final String apiKey;
    private final List<String> knownIds;
    private final List<Supplier<Case>> kinds = List.of(
            this::submit, this::submit, this::submit, this::submit, this::batch, this::batch, this::waitParameter,
            this::list, this::list, this::byId, this::events, this::cancel, this::wrongMethod, this::taskTypes,
            this::queueOperation, this::deadLetterList, this::deadLetterOperation, this::scheduleWrite,
            this::scheduleWrite, this::scheduleRead, this::scheduleOperation);

    /** @param knownIds ids of tasks that exist, filled as the run goes; they are read and cancelled, never followed */
    BadRequests(Random random, String apiKey, List<String> knownIds) {
        this.random = random;
        this.apiKey = apiKey;
        this.knownIds = knownIds;
    }

    Case next() {
        return pick(kinds).get();
    }

    private Case submit() {
        byte[] body = body(false);
        return new Case("POST", "/api/tasks", headers(true), body, "submit " + shown(body));
    }

    private Case batch() {
        byte[] body = body(true);
        return new Case("POST", "/api/tasks/batch", headers(true), body, "batch " + shown(body));
    }

    private Case waitParameter() {
        String wait = oneIn(4) ? nasty(20) : pick(DURATIONS);
        byte[] body = oneIn(2) ? validTask().getBytes(StandardCharsets.UTF_8) : body(false);
        return new Case("POST", "/api/tasks?wait=" + query(wait), headers(true), body, "wait=" + wait + " " + shown(body));
    }

    private Case list() {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : List.of("state", "type", "queue", "limit", "cursor", nasty(6))) {
            if (oneIn(2)) {
                parameters.put(name, switch (name) {
                    case "state" -> pick(List.of("QUEUED", "queued", "Running", "DONE", "", "QUEUED,RUNNING", nasty(12)));
                    case "limit" -> pick(List.of("0", "1", "-1", "500", "501", "1e3", "1.5", " 5", "\u0665", "",
                            "99999999999999999999", "0x10", "+3", nasty(8)));
                    case "cursor" -> oneIn(3) && !knownIds.isEmpty() ? pick(knownIds) + pick(List.of("", "x", "0"))
                            : nasty(1 + random.nextInt(40));
                    default -> nasty(random.nextInt(30));
                });
            }
        }
        StringBuilder uri = new StringBuilder("/api/tasks");
        String separator = "?";
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            uri.append(separator).append(query(parameter.getKey())).append('=').append(query(parameter.getValue()));
            separator = "&";
        }
        if (oneIn(10)) {
            uri.append(separator).append(pick(List.of("limit=1&limit=2", "state", "=x", "&&", "limit=%20")));
        }
        return new Case("GET", uri.toString(), headers(false), null, "list " + uri);
    }

    private Case byId() {
        String id = id();
        return new Case("GET", "/api/tasks/" + id, headers(false), null, "get " + id);
    }

    /** Only ids that cannot exist: a stream of a live task stays open, which is right but not a bad input. */
    private Case events() {
        String id = nastyId();
        Map<String, String> headers = headers(false);
        headers.put("Accept", oneIn(4) ? pick(ACCEPTS) : "text/event-stream");
        return new Case("GET", "/api/tasks/" + id + "/events", headers, null, "events " + id);
    }

    private Case cancel() {
        String id = id();
        byte[] body = oneIn(3) ? body(false) : null;
        return new Case("POST", "/api/tasks/" + id + "/cancel", headers(body != null), body, "cancel " + id);
    }

    private Case wrongMethod() {
        String path = pick(List.of("/api/tasks", "/api/tasks/batch", "/api/tasks/" + id(), "/api/task-types",
                "/api/tasks/" + id() + "/cancel", "/api/tasks/" + id() + "/events", "/api", "/api/", "/api/queues",
                "/api/dead-letters", "/api/schedules", "/api/schedules/" + scheduleName(),
                "/api/schedules/" + scheduleName() + "/pause", "/api/" + nastyId()));
        String method = pick(List.of("PUT", "PATCH", "DELETE", "GET", "POST", "OPTIONS", "HEAD"));
        byte[] body = oneIn(2) ? body(random.nextBoolean()) : null;
        return new Case(method, path, headers(body != null), body, method + " " + path);
    }

    private Case taskTypes() {
        String uri = "/api/task-types" + pick(List.of("", "?x=" + query(nasty(10)), "/" + nastyId(), "?type=echo"));
        return new Case("GET", uri, headers(false), null, "task-types " + uri);
    }

    /** Pause or resume of a queue whose name breaks the pattern: a space never belongs in one. */
    private Case queueOperation() {
        String name = UriUtils.encodePathSegment(nasty(random.nextInt(70)) + " ", StandardCharsets.UTF_8);
        String uri = "/api/queues/" + name + pick(List.of("/pause", "/resume"));
        byte[] body = oneIn(3) ? body(false) : null;
        return new Case("POST", uri, headers(body != null), body, "queue " + uri);
    }

    private Case deadLetterList() {
        String uri = "/api/dead-letters?" + pick(List.of("limit", "cursor", "queue", "type")) + "="
                + query(pick(List.of(nasty(1 + random.nextInt(30)), "-1", "0", "501", "9".repeat(30), nastyId())));
        return new Case("GET", uri, headers(false), null, "dead-letters " + uri);
    }

    /** Retry or delete of dead letters that do not exist (the known ids belong to tasks other cases read). */
    private Case deadLetterOperation() {
        String id = nastyId();
        return oneIn(2)
                ? new Case("POST", "/api/dead-letters/" + id + "/retry", headers(false), null, "retry " + id)
                : new Case("DELETE", "/api/dead-letters/" + id, headers(false), null, "delete dead letter " + id);
    }

    /** Create or replace of a schedule: a valid one made wrong in a few ways, under an odd or a plain name. */
    private Case scheduleWrite() {
        String name = scheduleName();
        byte[] body = switch (random.nextInt(4)) {
            case 0 -> body(false);
            case 1 -> mutated(validSchedule());
            default -> scheduleWithOddFields().getBytes(StandardCharsets.UTF_8);
        };
        return new Case("PUT", "/api/schedules/" + name, headers(true), body, "schedule " + name + " " + shown(body));
    }

    private Case scheduleRead() {
        String uri = oneIn(3) ? "/api/schedules" + pick(List.of("", "?x=" + query(nasty(10)), "/"))
                : "/api/schedules/" + scheduleName() + (oneIn(2) ? "?runs=" + query(pick(List.of("0", "1", "100",
                        "101", "-1", "1e2", "", "x", "99999999999", nasty(5)))) : "");
        return new Case("GET", uri, headers(false), null, "schedules " + uri);
    }

    private Case scheduleOperation() {
        String name = scheduleName();
        return oneIn(3)
                ? new Case("DELETE", "/api/schedules/" + name, headers(false), null, "delete schedule " + name)
                : new Case("POST", "/api/schedules/" + name + pick(List.of("/pause", "/resume")), headers(false), null,
                        "pause or resume schedule " + name);
    }

    /** Mostly a name no schedule has, path-encoded; sometimes one a valid write may have made. */
    private String scheduleName() {
        return oneIn(4) ? pick(List.of("s1", "nightly", "a.b-c_d", "x".repeat(64), "x".repeat(65))) : nastyId();
    }

    private String validSchedule() {
        return pick(List.of("{\"cron\": \"0 30 9 * * MON-FRI\", \"zone\": \"Europe/Paris\", \"type\": \"echo\"}",
                "{\"every\": \"PT5M\", \"missedRuns\": \"SKIP\", \"type\": \"sleep\", \"payload\": {\"millis\": 1}}",
                "{\"cron\": \"@daily\", \"type\": \"declared-only\", \"queue\": \"q1\", \"priority\": 3, "
                        + "\"maxAttempts\": 2, \"timeout\": \"PT10S\"}"));
    }

    private String scheduleWithOddFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(pick(List.of("cron", "every")), pick(List.of("\"@daily\"", "\"PT1M\"", "\"0 0 * * * *\"")));
        fields.put("type", pick(List.of("\"echo\"", "\"sleep\"", "\"declared-only\"")));
        for (String field : List.of("cron", "every", "zone", "missedRuns", "type", "payload", "queue", "priority",
                "maxAttempts", "timeout", nasty(8))) {
            if (oneIn(3)) {
                fields.put(field, switch (random.nextInt(4)) {
                    case 0 -> "\"" + jsonEscaped(nasty(random.nextInt(40))) + "\"";
                    case 1 -> pick(List.of("\"* * * * *\"", "\"61 * * * * *\"", "\"@every\"", "\"0 0 0 30 2 *\"",
                            "\"Mars/Olympus\"", "\"UTC\"", "\"+25:00\"", "\"SKIP\"", "\"CATCH_UP_ONCE\"",
                            "\"skip\"", "\"PT0.5S\"", "\"PT0.0001S\"", "\"P1D\""));
                    default -> pick(ODD_VALUES);
                });
            }
        }
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() > 1 ? ", " : "").append('"').append(jsonEscaped(name))
                .append("\": ").append(value));
        return json.append('}').toString();
    }

    /** A body: mostly a valid task or batch made wrong in one or a few ways, sometimes something else entirely. */
    private byte[] body(boolean batch) {
        return switch (random.nextInt(12)) {
            case 0 -> pick(List.of("", " ", "\n", "null", "0", "\"task\"", "true", "[]", "{}", "[null]", "[[]]", "[{}]",
                    "{\"type\": \"echo\"}{}", "\ufeff" + validTask(), "{\"type\": \"echo\",}", "{type: \"echo\"}",
                    "{'type': 'echo'}", "/* */ " + validTask(), validTask().replace("\"", "\\\""))).getBytes(StandardCharsets.UTF_8);
            case 1 -> invalidUtf8(batch ? "[" + validTask() + "]" : validTask());
            case 2 -> ("{\"type\": \"echo\", \"payload\": " + deep(50 + random.nextInt(2000)) + "}").getBytes(StandardCharsets.UTF_8);
            case 3 -> oneIn(20) ? oversized() : mutated(batch ? batchOf(1 + random.nextInt(7)) : validTask());
            default -> {
                String text = batch ? batchOf(1 + random.nextInt(7)) : taskWithOddFields();
                yield oneIn(3) ? mutated(text) : text.getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    private String validTask() {
        return pick(List.of("{\"type\": \"echo\", \"payload\": {\"n\": 1}}", "{\"type\": \"sleep\", \"payload\": {\"millis\": 1}}",
                "{\"type\": \"echo\", \"queue\": \"q1\", \"priority\": 5, \"delay\": \"PT1M\", \"maxAttempts\": 2, \"timeout\": \"PT10S\"}",
                "{\"type\": \"declared-only\", \"runAt\": \"2030-01-01T00:00:00Z\"}"));
    }

    private String taskWithOddFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", pick(List.of("\"echo\"", "\"sleep\"", "\"declared-only\"")));
        for (String field : List.of("type", "payload", "queue", "priority", "delay", "runAt", "maxAttempts", "timeout",
                nasty(8))) {
            if (oneIn(3)) {
                fields.put(field, oneIn(8) ? "\"" + jsonEscaped(nasty(random.nextInt(80))) + "\"" : pick(ODD_VALUES));
            }
        }
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() > 1 ? ", " : "").append('"').append(jsonEscaped(name))
                .append("\": ").append(value));
        if (oneIn(10)) {
            json.append(", \"type\": \"echo\"");
        }
        return json.append('}').toString();
    }

    private String batchOf(int items) {
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            tasks.add(oneIn(2) ? validTask() : oneIn(8) ? pick(ODD_VALUES) : taskWithOddFields());
        }
        return "[" + String.join(", ", tasks) + "]";
    }

    /** The text with one to three edits: cut short, a character replaced, inserted or dropped. */
    private byte[] mutated(String text) {
        StringBuilder mutated = new StringBuilder(text);
        for (int edits = 1 + random.nextInt(3); edits > 0 && !mutated.isEmpty(); edits--) {
            int at = random.nextInt(mutated.length());
            switch (random.nextInt(4)) {
                case 0 -> mutated.setLength(at);
                case 1 -> mutated.setCharAt(at, nastyChar());
                case 2 -> mutated.insert(at, pick(List.of("{", "}", "[", "]", ",", ":", "\"", "\\", "null", "-", "e",
                        "\u0000", "\ud83d\ude00", " ", "1e999")));
                default -> mutated.deleteCharAt(at);
            }
        }
        return mutated.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] invalidUtf8(String text) {
        byte[] valid = text.getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[valid.length + 1];
        int at = random.nextInt(valid.length);
        System.arraycopy(valid, 0, broken, 0, at);
        broken[at] = (byte) pick(List.of(0x80, 0xC0, 0xFF, 0xFE, 0xED, 0xF8)).intValue();
        System.arraycopy(valid, at, broken, at + 1, valid.length - at);
        return broken;
    }

    /** Over the 1 MiB body limit, or just under it with a payload over its own 512 KiB limit. */
    private byte[] oversized() {
        int size = pick(List.of(600_000, 1_000_000, 1_048_000, 1_100_000, 3_000_000));
        return ("{\"type\": \"echo\", \"payload\": {\"pad\": \"" + "x".repeat(size) + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private String deep(int depth) {
        String open = oneIn(2) ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    private Map<String, String> headers(boolean hasBody) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!oneIn(25)) {
            headers.put("X-API-Key", apiKey);
        }
        if (hasBody) {
            headers.put("Content-Type", oneIn(5) ? pick(CONTENT_TYPES) : "application/json");
        }
        for (int extra = random.nextInt(3); extra > 0; extra--) {
            String name = pick(HEADER_NAMES);
            headers.put(name, switch (name) {
                case "Content-Type" -> pick(CONTENT_TYPES);
                case "Accept" -> pick(ACCEPTS);
                case "traceparent" -> pick(List.of("00-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01",
                        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "zz", "", headerText(60)));
                case "Idempotency-Key" -> pick(List.of("", " ", "k", "x".repeat(256), "x".repeat(255), headerText(40)));
                case "Authorization" -> pick(List.of("Bearer", "Bearer ", "Bearer a.b.c", "Basic Og==", "Digest x",
                        headerText(30)));
                default -> headerText(random.nextInt(100));
            });
        }
        return headers;
    }

    private String id() {
        return !knownIds.isEmpty() && oneIn(4) ? pick(knownIds) : nastyId();
    }

    /** An id no task has, path-encoded, sometimes with sequences a firewall must catch. */
    private String nastyId() {
        if (oneIn(6)) {
            return pick(List.of("%2F", "..", "%2e%2e", "a;b=c", "%00", "%25", ".", "%5C", "a%2Fb", "~", "%E2%80%AE",
                    "%C0%AE", "x".repeat(1500), "01JAAAAAAAAAAAAAAAAAAAAAAA", "batch", "%20"));
        }
        return UriUtils.encodePathSegment(nasty(1 + random.nextInt(60)), StandardCharsets.UTF_8);
    }

    private String nasty(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(nastyChar());
        }
        return text.toString();
    }

    private char nastyChar() {
        return switch (random.nextInt(6)) {
            case 0 -> (char) random.nextInt(0x20);
            case 1 -> PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length()));
            case 2 -> (char) (0x80 + random.nextInt(0x780));
            case 3 -> (char) (0xD800 + random.nextInt(0x800));
            default -> (char) (0x20 + random.nextInt(0x5F));
        };
    }

    /** Printable Latin-1 only: what an HTTP client lets through in a header value. */
    private String headerText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(oneIn(5) ? (char) (0xA0 + random.nextInt(0x60)) : (char) (0x21 + random.nextInt(0x5E)));
        }
        return text.toString();
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String jsonEscaped(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\' || c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String shown(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "... (" + body.length + " bytes)" : text;
    }

    private boolean oneIn(int n) {
        return random.nextInt(n) == 0;
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
