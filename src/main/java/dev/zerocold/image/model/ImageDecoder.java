package dev.zerocold.image.model;

import dev.zerocold.image.model.ImageRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.ImageReaderSpi;

/**
 * Turns untrusted uploaded bytes into a {@link BufferedImage}.
 *
 * <p>Accepts PNG, JPEG, GIF (first frame) and BMP, recognised by their magic bytes (any declared
 * content type is ignored). Image dimensions are read from the header before any pixel is
 * decoded, and images with more than {@code maxPixels} pixels are rejected, so a small file that
 * claims to be huge cannot exhaust memory. JPEG EXIF orientation is applied, so the result is
 * upright as a viewer would show it. Everything is done in memory (no ImageIO file cache).
 *
 * <p>Every failure is an {@link ImageRejectedException}: corrupt or truncated data is
 * {@code NOT_AN_IMAGE}, a recognised but unsupported format or variant (WebP, TIFF, HEIF, CMYK
 * JPEG, ...) is {@code UNSUPPORTED_FORMAT}, and an image over the pixel budget, or one that
 * exhausts memory while decoding, is {@code TOO_MANY_PIXELS}. No ImageIO exception or
 * {@link OutOfMemoryError} escapes. Instances are immutable and thread-safe; each call uses its
 * own {@link ImageReader}.
 */
public final class ImageDecoder {

    /** One reusable stream per decoding thread (the model's batch threads). */
    private static final ThreadLocal<ByteArrayImageInputStream> STREAMS =
            ThreadLocal.withInitial(ByteArrayImageInputStream::new);

    private enum Format { PNG, JPEG, GIF, BMP }

    /** The ImageIO provider of each format, found on first use. */
    private static final Map<Format, ImageReaderSpi> PROVIDERS = new ConcurrentHashMap<>();

    private final long maxPixels;

    /** @param maxPixels largest accepted width × height, e.g. {@code 40_000_000} */
    public ImageDecoder(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    public long maxPixels() {
        return maxPixels;
    }

    /**
     * Decodes an image.
     *
     * @throws ImageRejectedException if the bytes are not a supported, intact image within the
     *     pixel budget
     */
    public BufferedImage decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ImageRejectedException(Reason.NOT_AN_IMAGE, "empty body, expected an image");
        }
        Format format = sniff(bytes);
        ImageReader reader = reader(format);
        ByteArrayImageInputStream in = STREAMS.get();
        in.use(bytes);
        try {
            reader.setInput(in, true, true);
            TruncationListener truncation = new TruncationListener();
            reader.addIIOReadWarningListener(truncation);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1 || height < 1) {
                throw new ImageRejectedException(Reason.NOT_AN_IMAGE, "image has no pixels");
            }
            if ((long) width * height > maxPixels) {
                throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, "image is " + width + "x" + height
                        + " pixels, more than the limit of " + maxPixels);
            }
            BufferedImage image = reader.read(0, reader.getDefaultReadParam());
            if (truncation.truncated) {
                throw new ImageRejectedException(Reason.NOT_AN_IMAGE, name(format) + " data is truncated");
            }
            return format == Format.JPEG ? ExifOrientation.apply(image, ExifOrientation.read(bytes)) : image;
        } catch (ImageRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw rejected(format, e);
        } catch (OutOfMemoryError e) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS,
                    "not enough memory to decode this " + name(format) + " image");
        } finally {
            reader.dispose();
            in.use(null);
        }
    }

    private static ImageRejectedException rejected(Format format, Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.toLowerCase(Locale.ROOT).contains("unsupported")) {
            return new ImageRejectedException(Reason.UNSUPPORTED_FORMAT,
                    "unsupported " + name(format) + " variant: " + message, e);
        }
        return new ImageRejectedException(Reason.NOT_AN_IMAGE,
                "corrupt " + name(format) + " image" + (message.isEmpty() ? "" : ": " + message), e);
    }

    /** A new reader for {@code format}, from the provider found for it the first time (a registry search). */
    private static ImageReader reader(Format format) {
        ImageReaderSpi provider = PROVIDERS.computeIfAbsent(format, f -> {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(name(f));
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader probe = readers.next();
            probe.dispose();
            return probe.getOriginatingProvider();
        });
        if (provider == null) {
            throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT, "no " + name(format) + " decoder available");
        }
        try {
            return provider.createReaderInstance();
        } catch (IOException e) {
            throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT, "no " + name(format) + " decoder available", e);
        }
    }

    private static String name(Format format) {
        return format.name().toLowerCase(Locale.ROOT);
    }

    private static Format sniff(byte[] b) {
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Format.PNG;
        }
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
            return Format.JPEG;
        }
        if (startsWith(b, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(b, 0, 'G', 'I', 'F', '8', '9', 'a')) {
            return Format.GIF;
        }
        if (startsWith(b, 0, 'B', 'M') && b.length >= 26) {
            return Format.BMP;
        }
        String other = unsupported(b);
        if (other != null) {
            throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT,
                    other + " images are not supported; send PNG, JPEG, GIF or BMP");
        }
        throw new ImageRejectedException(Reason.NOT_AN_IMAGE, "not a PNG, JPEG, GIF or BMP image");
    }

    private static String unsupported(byte[] b) {
        if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
            return "WebP";
        }
        if (startsWith(b, 0, 'I', 'I', 42, 0) || startsWith(b, 0, 'M', 'M', 0, 42)) {
            return "TIFF";
        }
        if (startsWith(b, 4, 'f', 't', 'y', 'p')) {
            String brand = b.length >= 12 ? new String(b, 8, 4, StandardCharsets.ISO_8859_1) : "";
            if (brand.startsWith("avi")) {
                return "AVIF";
            }
            if (brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1") || brand.equals("msf1")) {
                return "HEIF";
            }
        }
        if (startsWith(b, 0, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ') || startsWith(b, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
            return "JPEG 2000";
        }
        if (startsWith(b, 0, 0xFF, 0x0A) || startsWith(b, 0, 0, 0, 0, 0x0C, 'J', 'X', 'L', ' ')) {
            return "JPEG XL";
        }
        if (startsWith(b, 0, 0, 0, 1, 0) || startsWith(b, 0, 0, 0, 2, 0)) {
            return "ICO";
        }
        if (startsWith(b, 0, '8', 'B', 'P', 'S')) {
            return "PSD";
        }
        if (startsWith(b, 0, 'q', 'o', 'i', 'f')) {
            return "QOI";
        }
        String head = new String(b, 0, Math.min(b.length, 1024), StandardCharsets.ISO_8859_1).stripLeading();
        if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.contains("<svg"))) {
            return "SVG";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int at, int... magic) {
        if (bytes.length < at + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[at + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** Remembers whether a reader reported reaching the end of data early (the JPEG reader only warns). */
    private static final class TruncationListener implements IIOReadWarningListener {
        private boolean truncated;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            if (warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                truncated = true;
            }
        }
    }
}
