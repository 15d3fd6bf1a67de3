package dev.zerocold.api.admin;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Reruns the registry suite against the packaged application. */
@QuarkusIntegrationTest
class ModelRegistryIT extends ModelRegistryTest {
}
