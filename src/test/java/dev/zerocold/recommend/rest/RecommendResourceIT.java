package dev.zerocold.recommend.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Reruns the recommend API suite against the packaged application. */
@QuarkusIntegrationTest
class RecommendResourceIT extends RecommendResourceTest {
}
