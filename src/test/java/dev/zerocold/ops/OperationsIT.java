package dev.zerocold.ops;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Reruns the operations suite against the packaged application. */
@QuarkusIntegrationTest
class OperationsIT extends OperationsTest {
}
