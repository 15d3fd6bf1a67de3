package dev.zerocold.image;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Reruns the image API suite against the packaged application. */
@QuarkusIntegrationTest
class ImageResourceIT extends ImageResourceTest {
}
