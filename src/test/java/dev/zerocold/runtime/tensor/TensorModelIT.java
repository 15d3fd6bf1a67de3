package dev.zerocold.runtime.tensor;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Reruns the tensor model suite against the packaged application. */
@QuarkusIntegrationTest
class TensorModelIT extends TensorModelTest {
}
