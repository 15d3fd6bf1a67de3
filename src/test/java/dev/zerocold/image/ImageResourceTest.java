package dev.zerocold.image;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Base64;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.in;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ImageResourceTest {

    private static final String PATH = "/api/predict/image";
    private static FashionMnistSamples samples;

    @BeforeAll
    static void data() throws IOException {
        samples = FashionMnistSamples.load(560);
    }

    @Test
    void classifiesHeldOutImagesSentAsPngAndAsRgbJpeg() {
        int correct = 0;
        int jpegCorrect = 0;
        for (int i = 0; i < 500; i++) {
            String label = given().contentType("image/png").body(samples.png(i))
                    .when().post(PATH)
                    .then().statusCode(200).extract().path("predictions[0].label");
            correct += label.equals(FashionMnistSamples.LABELS[samples.labels[i]]) ? 1 : 0;
        }
        for (int i = 500; i < 560; i++) {
            String label = given().multiPart("file", "item.jpg", samples.rgbJpeg(i, 64), "image/jpeg")
                    .when().post(PATH)
                    .then().statusCode(200).extract().path("predictions[0].label");
            jpegCorrect += label.equals(FashionMnistSamples.LABELS[samples.labels[i]]) ? 1 : 0;
        }
        double accuracy = (correct + jpegCorrect) / 560.0;
        System.out.printf("image over HTTP: top-1 %.4f (PNG %d/500, RGB JPEG 64x64 %d/60)%n", accuracy, correct, jpegCorrect);
        assertTrue(accuracy >= 0.90, "top-1 " + accuracy);
        assertTrue(jpegCorrect >= 48, "RGB JPEG top-1 " + jpegCorrect + "/60");
    }

    @Test
    void base64JsonWithTopKReturnsSortedPredictions() {
        String image = Base64.getEncoder().encodeToString(samples.png(0));
        given().contentType(ContentType.JSON).body("{\"image\": \"" + image + "\", \"top_k\": 3}")
                .when().post(PATH)
                .then().statusCode(200)
                .body("predictions", hasSize(3))
                .body("predictions[0].label", in(List.of(FashionMnistSamples.LABELS)))
                .body("predictions[0].confidence", greaterThan(0.3f))
                .body("model", equalTo("image"))
                .body("version", equalTo("1"))
                .body("latency_ms", greaterThan(0f));
    }

    @Test
    void rawBodyHonoursTopKQuery() {
        given().contentType("image/png").body(samples.png(1)).queryParam("top_k", 10)
                .when().post(PATH)
                .then().statusCode(200).body("predictions", hasSize(10));
    }

    @Test
    void imagesOverTheIoThreadLimitAreClassifiedOnAWorkerThreadTheSameWay() {
        for (int i = 0; i < 5; i++) {
            byte[] large = samples.rgbBmp(i, 168);
            assertTrue(large.length > 64 * 1024, "BMP of " + large.length + " bytes is under the I/O-thread limit");
            String small = given().contentType("image/jpeg").body(samples.rgbJpeg(i, 168))
                    .when().post(PATH).then().statusCode(200).extract().path("predictions[0].label");
            given().contentType("image/bmp").body(large)
                    .when().post(PATH)
                    .then().statusCode(200).body("predictions[0].label", equalTo(small));
        }
    }

    @Test
    void garbageIs400() {
        problem(given().contentType("image/png").body("definitely not a png".getBytes()), 400);
    }

    @Test
    void truncatedPngIs400() {
        byte[] png = samples.png(2);
        problem(given().contentType("image/png").body(java.util.Arrays.copyOf(png, png.length / 2)), 400);
    }

    @Test
    void unsupportedContentTypeIs415() {
        problem(given().contentType("image/webp").body(new byte[] {1, 2, 3}), 415)
                .body("detail", containsString("does not accept content type 'image/webp"));
    }

    @Test
    void decompressionBombIs413() {
        problem(given().contentType("image/png").body(TestImages.pngHeader(60_000, 60_000)), 413)
                .body("detail", containsString("pixels"));
    }

    @Test
    void topKOutOfRangeIs400() {
        problem(given().contentType("image/png").body(samples.png(3)).queryParam("top_k", 11), 400)
                .body("detail", containsString("top_k"));
        problem(given().contentType("image/png").body(samples.png(3)).queryParam("top_k", 0), 400);
        problem(given().contentType("image/png").body(samples.png(3)).queryParam("top_k", "many"), 400);
    }

    @Test
    void jsonNeedsExactlyOneSource() {
        problem(given().contentType(ContentType.JSON).body("{\"top_k\": 2}"), 400)
                .body("detail", containsString("exactly one"));
        problem(given().contentType(ContentType.JSON).body("{\"image\": \"%%%not base64\"}"), 400);
    }

    @Test
    void imageUrlIsOffByDefault() {
        problem(given().contentType(ContentType.JSON).body("{\"image_url\": \"http://127.0.0.1:1/x.png\"}"), 400)
                .body("detail", containsString("disabled"));
    }

    @Test
    void multipartWithoutFileIs400() {
        problem(given().multiPart("top_k", "2"), 400).body("detail", containsString("file"));
    }

    private static ValidatableResponse problem(io.restassured.specification.RequestSpecification request, int status) {
        return request.when().post(PATH)
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status));
    }
}
