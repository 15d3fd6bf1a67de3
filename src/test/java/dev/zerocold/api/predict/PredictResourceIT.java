package dev.zerocold.api.predict;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Reruns the generic predict suite against the packaged application. */
@QuarkusIntegrationTest
class PredictResourceIT extends PredictResourceTest {
}
