package dev.zerocold.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** The committed Fashion-MNIST test set (10,000 images, IDX format), as images and encoded files. */
final class FashionMnistSamples {

    static final Path DIR = Path.of("models", "datasets", "fashion-mnist");
    static final String[] LABELS = {"t-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt",
            "sneaker", "bag", "ankle boot"};

    final byte[][] pixels;
    final int[] labels;

    private FashionMnistSamples(byte[][] pixels, int[] labels) {
        this.pixels = pixels;
        this.labels = labels;
    }

    static FashionMnistSamples load(int count) throws IOException {
        byte[][] pixels = new byte[count][];
        int[] labels = new int[count];
        try (DataInputStream images = open("t10k-images-idx3-ubyte.gz");
             DataInputStream classes = open("t10k-labels-idx1-ubyte.gz")) {
            if (images.readInt() != 2051 || classes.readInt() != 2049) {
                throw new IOException("not IDX files");
            }
            images.readInt();
            int rows = images.readInt();
            int cols = images.readInt();
            classes.readInt();
            for (int i = 0; i < count; i++) {
                pixels[i] = images.readNBytes(rows * cols);
                labels[i] = classes.readUnsignedByte();
            }
        }
        return new FashionMnistSamples(pixels, labels);
    }

    BufferedImage grey(int i) {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, 28, 28, pixels[i]);
        return image;
    }

    byte[] png(int i) {
        return TestImages.encode(grey(i), "png");
    }

    /** The image as an RGB JPEG of another size, as a phone or browser might send it. */
    byte[] rgbJpeg(int i, int side) {
        return TestImages.encode(rgb(i, side), "jpg");
    }

    /** Test image {@code i} scaled to side × side as an uncompressed 24-bit BMP (3 bytes a pixel). */
    byte[] rgbBmp(int i, int side) {
        return TestImages.encode(rgb(i, side), "bmp");
    }

    private BufferedImage rgb(int i, int side) {
        BufferedImage rgb = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(grey(i), 0, 0, side, side, null);
        g.dispose();
        return rgb;
    }

    private static DataInputStream open(String name) throws IOException {
        InputStream in = new GZIPInputStream(Files.newInputStream(DIR.resolve(name)));
        return new DataInputStream(new java.io.BufferedInputStream(in));
    }
}
