package dev.zerocold.sentiment;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Reruns the sentiment API suite against the packaged application. */
@QuarkusIntegrationTest
class SentimentResourceIT extends SentimentResourceTest {
}
