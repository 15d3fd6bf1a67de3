package dev.zerocold.image;

import dev.zerocold.image.model.ImageDecoder;
import dev.zerocold.image.model.ImagePreprocessing;
import dev.zerocold.image.model.ImagePreprocessor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.zerocold.image.model.ImagePreprocessing.Color;
import dev.zerocold.image.model.ImagePreprocessing.Layout;
import dev.zerocold.image.model.ImagePreprocessing.Resize;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

    private static final Path IMAGE_MODEL = Path.of("models/image/1");
    private static final Path RGB_MODEL = Path.of("src/test/resources/models/rgb224/1");
    private static final Path FASHION = Path.of("models/datasets/fashion-mnist");

    @Test
    void ordersChannelsForNchwNhwcAndBgr() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x0A141E);
        image.setRGB(1, 0, 0x28323C);

        assertArrayEquals(new float[] {10, 40, 20, 50, 30, 60}, run(raw(Color.RGB, Layout.NCHW, 2, 1), image));
        assertArrayEquals(new float[] {10, 20, 30, 40, 50, 60}, run(raw(Color.RGB, Layout.NHWC, 2, 1), image));
        assertArrayEquals(new float[] {30, 60, 20, 50, 10, 40}, run(raw(Color.BGR, Layout.NCHW, 2, 1), image));
        assertArrayEquals(new float[] {30, 20, 10, 60, 50, 40}, run(raw(Color.BGR, Layout.NHWC, 2, 1), image));
    }

    @Test
    void convertsColourToLuminance() {
        BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xFF0000);
        image.setRGB(1, 0, 0x00FF00);
        image.setRGB(2, 0, 0x0000FF);

        assertArrayEquals(new float[] {0.299f * 255, 0.587f * 255, 0.114f * 255},
                run(raw(Color.GREY, Layout.NCHW, 3, 1), image), 1e-3f);
    }

    @Test
    void readsGreySamplesWithoutGammaConversionAtAnyBitDepth() {
        BufferedImage grey8 = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey8.getRaster().setSample(0, 0, 0, 128);
        BufferedImage grey16 = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(0, 0, 0, 65535 / 5);

        assertArrayEquals(new float[] {128}, run(raw(Color.GREY, Layout.NCHW, 1, 1), grey8), 1e-4f);
        assertArrayEquals(new float[] {51, 51, 51}, run(raw(Color.RGB, Layout.NCHW, 1, 1), grey16), 1e-3f);
    }

    @Test
    void readsIndexedImagesThroughTheirPalette() {
        byte[] r = {0, (byte) 200};
        byte[] g = {0, 100};
        byte[] b = {0, 50};
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(1, 2, r, g, b));
        indexed.getRaster().setSample(1, 0, 0, 1);

        assertArrayEquals(new float[] {0, 200, 0, 100, 0, 50}, run(raw(Color.RGB, Layout.NCHW, 2, 1), indexed));
    }

    @Test
    void compositesDecodedAlphaPngOntoBackground() {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00FF0000);
        argb.setRGB(1, 0, 0x800000FF);
        BufferedImage decoded = new ImageDecoder(100).decode(TestImages.encode(argb, "png"));
        ImagePreprocessing spec = new ImagePreprocessing(Layout.NHWC, 2, 1, Color.RGB, Resize.NEAREST, 1,
                List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0), false, "#00FF00");

        float a = 128 / 255f;
        assertArrayEquals(new float[] {0, 255, 0, 0, 255 * (1 - a), 255 * a}, run(spec, decoded), 1e-3f);
    }

    @Test
    void invertsThenNormalises() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(1, 0, 0, 255);
        ImagePreprocessing spec = new ImagePreprocessing(Layout.NCHW, 2, 1, Color.GREY, Resize.BILINEAR,
                1 / 255.0, List.of(0.5), List.of(0.25), true, null);

        assertArrayEquals(new float[] {2, -2}, run(spec, image), 1e-5f);
    }

    @Test
    void resizesLikePillow() {
        BufferedImage source = new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                source.getRaster().setSample(x, y, 0, (x * 37 + y * 53) % 200 + 20);
            }
        }
        // Reference values: Pillow 9.4, Image.fromarray(source, "F").resize(size, filter)
        float[] bilinear = {35.8571f, 94.0000f, 152.1429f, 54.7857f, 112.9286f, 130.2551f, 85.0714f, 143.2143f,
            95.2347f, 115.3571f, 151.2778f, 74.5000f, 145.6429f, 151.4048f, 61.9286f, 175.9286f, 118.1984f,
            92.2143f, 194.8571f, 97.4444f, 111.1429f};
        float[] bicubic = {28.8880f, 89.2053f, 159.9785f, 46.8426f, 112.1155f, 136.9828f, 81.8760f, 151.5924f,
            94.9911f, 115.6692f, 164.0233f, 65.5615f, 149.4625f, 155.3888f, 56.0398f, 184.4959f, 114.1153f,
            90.3617f, 202.4505f, 89.8407f, 111.9582f};
        float[] nearest = {20, 57, 57, 94, 131, 131, 168, 126, 163, 163, 200, 37, 37, 74, 179, 216, 216, 53, 90, 90,
            127};
        float[] halved = {93.5584f, 120.8052f, 150.8701f, 98.8961f};

        assertArrayEquals(bilinear, run(raw(Color.GREY, Layout.NCHW, 3, 7), source), 1e-3f);
        assertArrayEquals(bicubic, run(raw(Color.GREY, Layout.NCHW, 3, 7, Resize.BICUBIC), source), 1e-3f);
        assertArrayEquals(nearest, run(raw(Color.GREY, Layout.NCHW, 7, 3, Resize.NEAREST), source));
        assertArrayEquals(halved, run(raw(Color.GREY, Layout.NCHW, 2, 2), source), 1e-3f);
    }

    @Test
    void upscalesARampWithPixelCentresAligned() {
        BufferedImage ramp = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        ramp.getRaster().setSample(1, 0, 0, 100);

        assertArrayEquals(new float[] {0, 25, 75, 100}, run(raw(Color.GREY, Layout.NCHW, 4, 1), ramp), 1e-4f);
    }

    @Test
    void downscalingAveragesInsteadOfAliasing() {
        BufferedImage stripes = new BufferedImage(400, 300, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 400; x += 2) {
            for (int y = 0; y < 300; y++) {
                stripes.getRaster().setSample(x, y, 0, 255);
            }
        }

        for (float v : run(raw(Color.GREY, Layout.NCHW, 28, 28), stripes)) {
            assertEquals(127.5f, v, 8f);
        }
    }

    @Test
    void oneInstanceServesConcurrentCallers() throws Exception {
        ImagePreprocessor preprocessor = new ImagePreprocessor(raw(Color.RGB, Layout.NHWC, 32, 24, Resize.BICUBIC));
        List<BufferedImage> images = List.of(
                TestImages.halves(300, 200, java.awt.Color.RED, java.awt.Color.BLUE),
                TestImages.halves(90, 160, java.awt.Color.GREEN, java.awt.Color.WHITE),
                TestImages.halves(17, 5, java.awt.Color.BLACK, java.awt.Color.YELLOW));
        List<float[]> expected = images.stream().map(image -> {
            float[] out = new float[preprocessor.tensorSize()];
            preprocessor.writeTo(image, out, 0);
            return out;
        }).toList();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 60; task++) {
                int which = task % images.size();
                results.add(pool.submit(() -> {
                    float[] out = new float[preprocessor.tensorSize()];
                    preprocessor.writeTo(images.get(which), out, 0);
                    return Arrays.equals(expected.get(which), out);
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void validatesTheSpec() {
        ImagePreprocessing twoMeans = new ImagePreprocessing(null, 28, 28, Color.RGB, null, 1,
                List.of(0.0, 0.0), List.of(1.0, 1.0, 1.0), false, null);
        ImagePreprocessing zeroStd = new ImagePreprocessing(null, 28, 28, Color.GREY, null, 1,
                List.of(0.0), List.of(0.0), false, null);
        ImagePreprocessing badBackground = new ImagePreprocessing(null, 28, 28, Color.GREY, null, 1,
                List.of(0.0), List.of(1.0), false, "white");

        assertTrue(message(twoMeans).contains("mean must have one value per channel (3 for rgb)"), message(twoMeans));
        assertTrue(message(zeroStd).contains("std"), message(zeroStd));
        assertTrue(message(badBackground).contains("background"), message(badBackground));
        assertTrue(message(raw(Color.GREY, Layout.NCHW, 0, 28)).contains("width"));
    }

    @Test
    void bindsTheModelYamlPreprocessingBlock() throws IOException {
        ImagePreprocessing image = readSpec(IMAGE_MODEL);
        ImagePreprocessing rgb = readSpec(RGB_MODEL);

        assertEquals(new ImagePreprocessing(Layout.NCHW, 28, 28, Color.GREY, Resize.BILINEAR, 1 / 255.0,
                List.of(0.2860), List.of(0.3530), false, "#000000"), image);
        assertEquals(Color.RGB, rgb.color());
        assertEquals(List.of(0.485, 0.456, 0.406), rgb.mean());
        assertEquals(3 * 224 * 224, new ImagePreprocessor(rgb).tensorSize());
        JsonMapper json = JsonMapper.builder().build();
        assertEquals("[\"grey\",\"NCHW\",\"bilinear\"]",
                json.writeValueAsString(List.of(image.color(), image.layout(), image.resize())));
        assertEquals(image, json.readValue(json.writeValueAsString(image), ImagePreprocessing.class));
    }

    @Test
    void rgbPathReachesTheModelIntact() throws Exception {
        ImagePreprocessor preprocessor = new ImagePreprocessor(readSpec(RGB_MODEL));
        BufferedImage red = TestImages.halves(300, 200, java.awt.Color.RED, java.awt.Color.RED);
        BufferedImage redGreen = TestImages.halves(300, 200, java.awt.Color.RED, java.awt.Color.GREEN);

        float[][] means = infer(RGB_MODEL.resolve("model.onnx"), preprocessor, List.of(red, redGreen), 224, 224, 3);

        assertArrayEquals(new float[] {(1 - 0.485f) / 0.229f, -0.456f / 0.224f, -0.406f / 0.225f}, means[0], 1e-3f);
        assertArrayEquals(new float[] {(0.5f - 0.485f) / 0.229f, (0.5f - 0.456f) / 0.224f, -0.406f / 0.225f},
                means[1], 1e-3f);
    }

    @Test
    void fashionMnistTestSetAccuracy() throws Exception {
        byte[] images = gunzip(FASHION.resolve("t10k-images-idx3-ubyte.gz"));
        byte[] labels = gunzip(FASHION.resolve("t10k-labels-idx1-ubyte.gz"));
        int count = idxInt(labels, 4);
        assertEquals(2051, idxInt(images, 0));
        assertEquals(count, idxInt(images, 4));
        ImagePreprocessor preprocessor = new ImagePreprocessor(readSpec(IMAGE_MODEL));
        List<BufferedImage> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, 28, 28, Arrays.copyOfRange(images, 16 + i * 784, 16 + (i + 1) * 784));
            all.add(image);
        }

        long started = System.nanoTime();
        float[][] logits = infer(IMAGE_MODEL.resolve("model.onnx"), preprocessor, all, 28, 28, 1);
        double seconds = (System.nanoTime() - started) / 1e9;

        int correct = 0;
        for (int i = 0; i < count; i++) {
            correct += argmax(logits[i]) == labels[8 + i] ? 1 : 0;
        }
        double accuracy = (double) correct / count;
        System.out.printf("Fashion-MNIST test top-1 (Java: ImagePreprocessor + ONNX Runtime): %.4f (%d/%d) in %.1f s%n",
                accuracy, correct, count, seconds);
        assertTrue(accuracy >= 0.91, "top-1 " + accuracy);
    }

    private static float[][] infer(Path model, ImagePreprocessor preprocessor, List<BufferedImage> images,
            int width, int height, int channels) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int batch = 500;
        float[][] out = new float[images.size()][];
        try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions())) {
            for (int from = 0; from < images.size(); from += batch) {
                int n = Math.min(batch, images.size() - from);
                float[] input = new float[n * preprocessor.tensorSize()];
                for (int i = 0; i < n; i++) {
                    preprocessor.writeTo(images.get(from + i), input, i * preprocessor.tensorSize());
                }
                long[] shape = {n, channels, height, width};
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                        OrtSession.Result result = session.run(Map.of("input", tensor))) {
                    float[][] logits = (float[][]) result.get(0).getValue();
                    System.arraycopy(logits, 0, out, from, n);
                }
            }
        }
        return out;
    }

    private static ImagePreprocessing readSpec(Path modelDir) throws IOException {
        YAMLMapper yaml = YAMLMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        JsonNode root = yaml.readTree(modelDir.resolve("model.yaml").toFile());
        return yaml.treeToValue(root.path("settings").path("preprocessing"), ImagePreprocessing.class);
    }

    private static ImagePreprocessing raw(Color color, Layout layout, int width, int height) {
        return raw(color, layout, width, height, Resize.BILINEAR);
    }

    private static ImagePreprocessing raw(Color color, Layout layout, int width, int height, Resize resize) {
        List<Double> zeros = color.channels() == 1 ? List.of(0.0) : List.of(0.0, 0.0, 0.0);
        List<Double> ones = color.channels() == 1 ? List.of(1.0) : List.of(1.0, 1.0, 1.0);
        return new ImagePreprocessing(layout, width, height, color, resize, 1, zeros, ones, false, "#000000");
    }

    private static float[] run(ImagePreprocessing spec, BufferedImage image) {
        ImagePreprocessor preprocessor = new ImagePreprocessor(spec);
        float[] out = new float[preprocessor.tensorSize() + 2];
        preprocessor.writeTo(image, out, 1);
        return Arrays.copyOfRange(out, 1, 1 + preprocessor.tensorSize());
    }

    private static String message(ImagePreprocessing spec) {
        return assertThrows(IllegalArgumentException.class, spec::validate).getMessage();
    }

    private static byte[] gunzip(Path path) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path))) {
            return in.readAllBytes();
        }
    }

    private static int idxInt(byte[] data, int at) {
        return (data[at] & 0xFF) << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8 | (data[at + 3] & 0xFF);
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
