package dev.zerocold.api.v2;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The interoperability checks against the packaged app. */
@QuarkusIntegrationTest
class V2InteropIT extends V2InteropTest {
}
