package dev.zerocold.api.batch;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Reruns the batch endpoint suite against the packaged application. */
@QuarkusIntegrationTest
class BatchResourceIT extends BatchResourceTest {
}
