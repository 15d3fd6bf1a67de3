package dev.zerocold.image;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Which thread decodes an image: in-process, so it is not rerun against the packaged app. */
@QuarkusTest
class ImageDispatchTest {

    private static final String PATH = "/api/predict/image";

    @Inject
    ImageService service;

    @Test
    void aSmallFileDeclaringAHugeImageIsDecodedOnAWorkerNotTheCallingThread() {
        BufferedImage black = new BufferedImage(1500, 1500, BufferedImage.TYPE_BYTE_GRAY);  // 2.25 MP
        byte[] png = TestImages.encode(black, "png");
        assertTrue(png.length < 64 * 1024, "PNG of " + png.length + " bytes");
        List<String> attempts = new CopyOnWriteArrayList<>();
        Thread caller = Thread.currentThread();
        ImageResponse response = service.dispatch(png.length, null, null, decoder -> {
            attempts.add((Thread.currentThread() == caller ? "caller" : "worker") + " " + decoder.maxPixels());
            return service.predict(png, 1, null, null, null, System.nanoTime(), decoder);
        }).await().atMost(Duration.ofSeconds(20));
        assertEquals(List.of("caller 1000000", "worker 40000000"), attempts);
        assertEquals(1, response.predictions().size());
        given().contentType("image/png").body(png).when().post(PATH).then().statusCode(200);
    }

}
