package dev.zerocold.image.model;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.WritableRaster;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;

/**
 * Reads the EXIF orientation (tag 0x0112 in IFD0 of a JPEG's APP1 "Exif" segment) and turns an
 * image upright. Only the JPEG marker structure up to the first scan is walked; malformed or
 * missing EXIF data means "no rotation". Stateless and thread-safe.
 */
final class ExifOrientation {

    static final int NORMAL = 1;

    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;

    private ExifOrientation() {
    }

    /** Returns the orientation 1..8 declared by a JPEG file, or {@link #NORMAL} if none is found. */
    static int read(byte[] jpeg) {
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            if ((jpeg[pos] & 0xFF) != 0xFF) {
                return NORMAL;
            }
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return NORMAL;
            }
            int length = u16(jpeg, pos + 2, true);
            if (length < 2 || pos + 2 + length > jpeg.length) {
                return NORMAL;
            }
            if (marker == 0xE1 && length >= 8
                    && "Exif\0\0".equals(new String(jpeg, pos + 4, 6, StandardCharsets.ISO_8859_1))) {
                return fromTiff(jpeg, pos + 10, pos + 2 + length);
            }
            pos += 2 + length;
        }
        return NORMAL;
    }

    private static int fromTiff(byte[] b, int tiff, int end) {
        if (tiff + 8 > end) {
            return NORMAL;
        }
        boolean bigEndian;
        if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
            bigEndian = true;
        } else if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
            bigEndian = false;
        } else {
            return NORMAL;
        }
        if (u16(b, tiff + 2, bigEndian) != 42) {
            return NORMAL;
        }
        long ifd = tiff + u32(b, tiff + 4, bigEndian);
        if (ifd + 2 > end) {
            return NORMAL;
        }
        int entries = u16(b, (int) ifd, bigEndian);
        for (int i = 0; i < entries; i++) {
            int entry = (int) ifd + 2 + 12 * i;
            if (entry + 12 > end) {
                return NORMAL;
            }
            if (u16(b, entry, bigEndian) == ORIENTATION_TAG) {
                if (u16(b, entry + 2, bigEndian) != TYPE_SHORT) {
                    return NORMAL;
                }
                int value = u16(b, entry + 8, bigEndian);
                return value >= 1 && value <= 8 ? value : NORMAL;
            }
        }
        return NORMAL;
    }

    /**
     * Returns {@code image} as it should be displayed for the given orientation: 2 mirror,
     * 3 rotate 180°, 4 flip, 5 transpose, 6 rotate 90° clockwise, 7 transverse, 8 rotate 90°
     * anticlockwise. The result keeps the source's colour model and sample layout.
     */
    static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation <= NORMAL || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean rows = orientation <= 4;
        boolean reverse = orientation == 2 || orientation == 3 || orientation == 7 || orientation == 8;
        boolean keepIndex = orientation == 2 || orientation == 5 || orientation == 8;
        WritableRaster src = image.getRaster();
        WritableRaster dst = src.createCompatibleWritableRaster(rows ? w : h, rows ? h : w);
        int n = src.getNumDataElements();
        Object line = null;
        Object reversed = null;
        for (int y = 0; y < h; y++) {
            line = src.getDataElements(0, y, w, 1, line);
            Object data = line;
            if (reverse) {
                reversed = reversed == null ? Array.newInstance(line.getClass().getComponentType(), w * n) : reversed;
                for (int x = 0; x < w; x++) {
                    System.arraycopy(line, x * n, reversed, (w - 1 - x) * n, n);
                }
                data = reversed;
            }
            int target = keepIndex ? y : h - 1 - y;
            if (rows) {
                dst.setDataElements(0, target, w, 1, data);
            } else {
                dst.setDataElements(target, 0, 1, w, data);
            }
        }
        ColorModel model = image.getColorModel();
        return new BufferedImage(model, dst, model.isAlphaPremultiplied(), null);
    }

    private static int u16(byte[] b, int at, boolean bigEndian) {
        int hi = b[bigEndian ? at : at + 1] & 0xFF;
        int lo = b[bigEndian ? at + 1 : at] & 0xFF;
        return hi << 8 | lo;
    }

    private static long u32(byte[] b, int at, boolean bigEndian) {
        long first = u16(b, bigEndian ? at : at + 2, bigEndian);
        long second = u16(b, bigEndian ? at + 2 : at, bigEndian);
        return first << 16 | second;
    }
}
