package dev.zerocold.sentiment;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Reruns the cold-start check against a freshly started packaged application. */
@QuarkusIntegrationTest
class SentimentColdStartIT extends SentimentColdStartTest {
}
