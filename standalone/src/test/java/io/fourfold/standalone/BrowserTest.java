package io.fourfold.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@code src/test/browser/dashboard.test.mjs}, which drives headless Chromium with playwright-core against a
 * live Fourfold: it submits a sleep task from the page and follows it to SUCCEEDED, cancels another, filters the
 * list, and saves screenshots under {@code target/browser-test/NAME}.
 *
 * <p>Chromium is Debian's ({@code apt-get install chromium}, or {@code -Dfourfold.chromium=PATH}): playwright's own
 * browser download is not used. Without Chromium, node or npm, or when npm cannot install playwright-core, the test
 * is skipped with a message, except with {@code -Dfourfold.require-brokers=true} or on CI ({@code CI=true}), where it
 * fails.
 */
final class BrowserTest {

    private static final Path SOURCES = Path.of("src", "test", "browser").toAbsolutePath();
    private static final Path WORK = Path.of("target", "browser-test").toAbsolutePath();
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "dashboard.test.mjs");
    private static final long NPM_MINUTES = 5;
    private static final long BROWSER_MINUTES = 10;

    private BrowserTest() {
    }

    /** Steps of dashboard.test.mjs that only run against a server with queue and schedule operations. */
    private static final String[] STEPS = {
        "dashboard: a failing task becomes a dead letter: retry it, pause and resume its queue, delete it",
        "dashboard: a schedule shows with its next run, and is paused and resumed from the overview",
        "dashboard: limits set over the API show on the overview, and go when removed",
        "dashboard: a chain shows its steps and succeeds, and a running batch is cancelled from the overview"};

    record Run(int exitCode, String output) {
    }

    /**
     * Runs the script against the Fourfold on {@code port}, with {@code environment} added to its own (API_KEY when
     * security is on), and returns the directory of its screenshots. The script must have passed every step in
     * {@link #STEPS}: a server without queue, schedule or workflow operations would skip them and still pass.
     */
    static Path run(int port, String name, Map<String, String> environment) throws IOException, InterruptedException {
        Path chromium = chromium();
        Path node = require("node");
        Path npm = require("npm");
        Files.createDirectories(WORK);
        for (String file : FILES) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }

        Run install = run(NPM_MINUTES, WORK.resolve(name + "-npm.log"), Map.of(), npm.toString(), "ci", "--no-audit",
                "--no-fund", "--prefer-offline");
        if (install.exitCode() != 0) {
            unavailable("npm could not install playwright-core (from its cache or the registry):\n" + install.output());
        }

        Path screenshots = WORK.resolve(name);
        Map<String, String> variables = new HashMap<>(environment);
        variables.putAll(Map.of("BASE_URL", "http://localhost:" + port, "CHROMIUM", chromium.toString(),
                "SCREENSHOTS", screenshots.toString()));
        Run test = run(BROWSER_MINUTES, WORK.resolve(name + "-browser.log"), variables, node.toString(),
                "dashboard.test.mjs");

        assertThat(test.exitCode()).as("dashboard.test.mjs said:%n%s", test.output()).isZero();
        assertThat(test.output()).contains(STEPS).contains("dashboard: passed");
        assertThat(screenshots.resolve("dashboard.png")).isNotEmptyFile();
        return screenshots;
    }

    private static Path chromium() {
        String configured = System.getProperty("fourfold.chromium", "");
        if (!configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                unavailable("-Dfourfold.chromium=" + configured + " is not an executable file");
            }
            return path;
        }
        Optional<Path> found = Stream.of("chromium", "chromium-browser").map(BrowserTest::locate)
                .flatMap(Optional::stream).findFirst();
        if (found.isEmpty()) {
            unavailable("Chromium is not on the PATH (apt-get install chromium, or -Dfourfold.chromium=PATH)");
        }
        return found.orElseThrow();
    }

    private static Path require(String program) {
        Optional<Path> found = locate(program);
        if (found.isEmpty()) {
            unavailable(program + " is not on the PATH (apt-get install nodejs npm)");
        }
        return found.orElseThrow();
    }

    private static Optional<Path> locate(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, program);
            if (!directory.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Skips the test with the reason; where the browser test must run, fails instead. */
    private static void unavailable(String reason) {
        String message = "the dashboard's browser test cannot run: " + reason;
        if (Boolean.getBoolean("fourfold.require-brokers") || "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (-Dfourfold.require-brokers=true or CI=true make this a failure)");
        }
        System.err.println("SKIPPED: " + message);
        assumeTrue(false, message);
    }

    private static Run run(long minutes, Path output, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            fail("%s did not end within %d min; it printed:%n%s", List.of(command), minutes, Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output));
    }
}
