package io.fourfold.standalone;

import io.fourfold.transport.TaskStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@link LimitsAndUniqueTasks} in one JVM on the in-memory backend, as standalone runs by default. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@AutoConfigureWebTestClient(timeout = "PT30S")
class LimitsAndUniqueTasksTest extends LimitsAndUniqueTasks {

    @Autowired
    WebTestClient http;
    @Autowired
    TaskStore store;

    @Override
    protected WebTestClient submitter() {
        return http;
    }

    @Override
    protected WebTestClient other() {
        return http;
    }

    @Override
    protected TaskStore store() {
        return store;
    }
}
