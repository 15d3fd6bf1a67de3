package dev.zerocold.image;

import dev.zerocold.image.rest.ImageResponse;
import dev.zerocold.image.service.ImageService;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Which thread takes an image request: in-process, so it is not rerun against the packaged app. */
@QuarkusTest
class ImageDispatchTest {

    private static final String PATH = "/api/predict/image";

    @Inject
    ImageService service;

    @Test
    void aSmallImageIsQueuedFromTheCallingThreadALargeOneOrAUrlFromAWorker() {
        List<String> threads = new CopyOnWriteArrayList<>();
        Thread caller = Thread.currentThread();
        for (long bytes : new long[] {1_000, 64 * 1024 + 1, -1}) {
            service.dispatch(bytes, () -> {
                threads.add(Thread.currentThread() == caller ? "caller" : "worker");
                return CompletableFuture.completedFuture(new ImageResponse(List.of(), "image", "1", 0, null));
            }).await().atMost(Duration.ofSeconds(20));
        }
        assertEquals(List.of("caller", "worker", "worker"), threads);
    }

    @Test
    void aSmallFileDeclaringAHugeImageIsDecodedInTheModelsBatch() {
        BufferedImage black = new BufferedImage(1500, 1500, BufferedImage.TYPE_BYTE_GRAY);  // 2.25 MP
        byte[] png = TestImages.encode(black, "png");
        assertTrue(png.length < 64 * 1024, "PNG of " + png.length + " bytes");
        given().contentType("image/png").body(png).when().post(PATH).then().statusCode(200);
    }
}
