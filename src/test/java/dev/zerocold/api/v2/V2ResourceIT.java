package dev.zerocold.api.v2;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Reruns the Open Inference Protocol suite against the packaged application. */
@QuarkusIntegrationTest
class V2ResourceIT extends V2ResourceTest {
}
