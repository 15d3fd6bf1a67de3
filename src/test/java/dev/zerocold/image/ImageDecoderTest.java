package dev.zerocold.image;

import dev.zerocold.image.model.ImageDecoder;
import dev.zerocold.image.model.ImageRejectedException;

import static dev.zerocold.image.TestImages.encode;
import static dev.zerocold.image.TestImages.halves;
import static dev.zerocold.image.TestImages.pngHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocold.image.model.ImageRejectedException.Reason;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(10_000_000);

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "gif", "bmp"})
    void decodesEachSupportedFormat(String format) {
        BufferedImage decoded = decoder.decode(encode(halves(40, 30, Color.RED, Color.BLUE), format));

        assertEquals(40, decoded.getWidth());
        assertEquals(30, decoded.getHeight());
        assertColour(Color.RED, decoded.getRGB(5, 15), 12);
        assertColour(Color.BLUE, decoded.getRGB(34, 15), 12);
    }

    @Test
    void appliesExifOrientation6ByRotatingClockwise() {
        byte[] jpeg = withExifOrientation(encode(halves(40, 20, Color.RED, Color.BLUE), "jpeg"), 6, true);

        BufferedImage decoded = decoder.decode(jpeg);

        assertEquals(20, decoded.getWidth());
        assertEquals(40, decoded.getHeight());
        assertColour(Color.RED, decoded.getRGB(10, 5), 12);
        assertColour(Color.BLUE, decoded.getRGB(10, 34), 12);
    }

    @Test
    void appliesLittleEndianExifOrientation8ByRotatingAnticlockwise() {
        byte[] jpeg = withExifOrientation(encode(halves(40, 20, Color.RED, Color.BLUE), "jpeg"), 8, false);

        BufferedImage decoded = decoder.decode(jpeg);

        assertEquals(20, decoded.getWidth());
        assertColour(Color.BLUE, decoded.getRGB(10, 5), 12);
        assertColour(Color.RED, decoded.getRGB(10, 34), 12);
    }

    @Test
    void mirrorsForExifOrientation2AndKeepsGreyJpegGrey() {
        BufferedImage grey = new BufferedImage(40, 20, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 20, 20);
        g.dispose();

        BufferedImage decoded = decoder.decode(withExifOrientation(encode(grey, "jpeg"), 2, true));

        assertEquals(BufferedImage.TYPE_BYTE_GRAY, decoded.getType());
        assertTrue(decoded.getRaster().getSample(5, 10, 0) < 10);
        assertTrue(decoded.getRaster().getSample(34, 10, 0) > 245);
    }

    @Test
    void keepsPngAlpha() {
        BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 1, 0x80FF0000);

        BufferedImage decoded = decoder.decode(encode(argb, "png"));

        assertEquals(0x80, decoded.getRGB(1, 1) >>> 24);
        assertEquals(0, decoded.getRGB(0, 0) >>> 24);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "gif"})
    void keepsPaletteTransparency(String format) {
        byte[] r = {0, (byte) 255};
        byte[] g = {0, 0};
        byte[] b = {0, 0};
        IndexColorModel palette = new IndexColorModel(8, 2, r, g, b, 0);
        BufferedImage indexed = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setSample(2, 2, 0, 1);

        BufferedImage decoded = decoder.decode(encode(indexed, format));

        assertEquals(0, decoded.getRGB(0, 0) >>> 24);
        assertEquals(0xFFFF0000, decoded.getRGB(2, 2));
    }

    @Test
    void rejectsHeaderClaimingTooManyPixelsBeforeDecoding() {
        byte[] png = pngHeader(50_000, 50_000);

        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(png));

        assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
        assertEquals(413, e.toProblem().status());
        assertTrue(e.getMessage().contains("50000x50000"), e.getMessage());
    }

    @Test
    void rejectsGarbageAsNotAnImage() {
        byte[] garbage = "this is a text file, not a picture".getBytes(StandardCharsets.UTF_8);

        assertRejected(Reason.NOT_AN_IMAGE, garbage);
        assertRejected(Reason.NOT_AN_IMAGE, new byte[0]);
        assertRejected(Reason.NOT_AN_IMAGE, "BM but then nothing useful at all".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, new ImageRejectedException(Reason.NOT_AN_IMAGE, "x").toProblem().status());
    }

    @Test
    void rejectsTruncatedPngAndJpeg() {
        BufferedImage noisy = noise(64, 64);
        byte[] png = encode(noisy, "png");
        byte[] jpeg = encode(noisy, "jpeg");

        assertRejected(Reason.NOT_AN_IMAGE, Arrays.copyOf(png, png.length / 2));
        assertRejected(Reason.NOT_AN_IMAGE, Arrays.copyOf(png, 20));
        assertRejected(Reason.NOT_AN_IMAGE, Arrays.copyOf(jpeg, jpeg.length / 2));
    }

    @Test
    void rejectsRecognisableUnsupportedFormats() {
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);

        assertRejected(Reason.UNSUPPORTED_FORMAT, webp);
        assertRejected(Reason.UNSUPPORTED_FORMAT, encode(halves(8, 8, Color.RED, Color.BLUE), "tiff"));
        assertEquals(415, new ImageRejectedException(Reason.UNSUPPORTED_FORMAT, "x").toProblem().status());
    }

    private void assertRejected(Reason reason, byte[] bytes) {
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(bytes));
        assertEquals(reason, e.reason(), e.getMessage());
    }

    private static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    private static void assertColour(Color expected, int argb, int tolerance) {
        Color actual = new Color(argb, true);
        boolean close = Math.abs(expected.getRed() - actual.getRed()) <= tolerance
                && Math.abs(expected.getGreen() - actual.getGreen()) <= tolerance
                && Math.abs(expected.getBlue() - actual.getBlue()) <= tolerance;
        assertTrue(close, "expected " + expected + " but was " + actual);
    }

    /** Inserts an APP1 Exif segment holding only IFD0 with the orientation tag after the JFIF APP0 segment. */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean bigEndian) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        tiff.put(bigEndian ? (byte) 'M' : (byte) 'I').put(bigEndian ? (byte) 'M' : (byte) 'I');
        tiff.putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        int length = 2 + exif.length + tiff.capacity();
        ByteBuffer app1 = ByteBuffer.allocate(2 + length);
        app1.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(exif).put(tiff.array());

        int insertAt = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            insertAt += 2 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
        }
        byte[] out = new byte[jpeg.length + app1.capacity()];
        System.arraycopy(jpeg, 0, out, 0, insertAt);
        System.arraycopy(app1.array(), 0, out, insertAt, app1.capacity());
        System.arraycopy(jpeg, insertAt, out, insertAt + app1.capacity(), jpeg.length - insertAt);
        return out;
    }
}
