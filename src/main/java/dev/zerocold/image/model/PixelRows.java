package dev.zerocold.image.model;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Reads the rows of any {@link BufferedImage} as 0..255 floats in one channel (luminance
 * {@code 0.299R + 0.587G + 0.114B}) or three (R, G, B), with alpha composited onto a background.
 *
 * <p>Common layouts are read in bulk from the raster: 8/16-bit grey and RGB(A) samples,
 * packed {@code 0xAARRGGBB} ints and palettes. Grey samples are taken as stored, not through the
 * linear-grey-to-sRGB conversion {@link BufferedImage#getRGB} applies. Anything else goes
 * through {@code getRGB}, one row at a time. One instance serves one image on one thread.
 */
final class PixelRows {

    private static final float MAX = 255f;

    private enum Source { BYTE_SAMPLES, USHORT_SAMPLES, PACKED_ARGB, INDEXED, GENERIC }

    private final BufferedImage image;
    private final Raster raster;
    private final int width;
    private final int channels;
    private final float[] background;
    private final Source source;
    private final boolean alpha;
    private final boolean premultiplied;
    private final int bands;
    private final int colours;
    private final float[] toByteRange;
    private final int[] palette;
    private final int[] values;
    private Object elements;

    /**
     * @param channels 1 for grey output, 3 for R, G, B
     * @param background background colour in output channels, 0..255
     */
    PixelRows(BufferedImage image, int channels, float[] background) {
        this.image = image;
        this.raster = image.getRaster();
        this.width = image.getWidth();
        this.channels = channels;
        this.background = background;
        ColorModel model = image.getColorModel();
        this.source = sourceOf(model);
        this.alpha = model.hasAlpha();
        this.premultiplied = model.isAlphaPremultiplied();
        boolean samples = source == Source.BYTE_SAMPLES || source == Source.USHORT_SAMPLES;
        this.bands = samples ? model.getNumComponents() : 1;
        this.colours = samples ? model.getNumColorComponents() : 3;
        this.toByteRange = new float[bands];
        for (int b = 0; samples && b < bands; b++) {
            toByteRange[b] = (float) (255.0 / ((1 << model.getComponentSize(b)) - 1));
        }
        if (source == Source.INDEXED) {
            IndexColorModel indexed = (IndexColorModel) model;
            this.palette = new int[Math.max(indexed.getMapSize(), 1 << Math.min(16, indexed.getPixelSize()))];
            indexed.getRGBs(palette);
        } else {
            this.palette = null;
        }
        this.values = new int[width * bands];
    }

    private static Source sourceOf(ColorModel model) {
        int type = model.getTransferType();
        ColorSpace space = model.getColorSpace();
        if (model instanceof IndexColorModel) {
            return type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT ? Source.INDEXED : Source.GENERIC;
        }
        if (model instanceof ComponentColorModel && (space.getType() == ColorSpace.TYPE_GRAY || space.isCS_sRGB())) {
            if (type == DataBuffer.TYPE_BYTE) {
                return Source.BYTE_SAMPLES;
            }
            return type == DataBuffer.TYPE_USHORT ? Source.USHORT_SAMPLES : Source.GENERIC;
        }
        if (model instanceof DirectColorModel direct && type == DataBuffer.TYPE_INT && space.isCS_sRGB()
                && !direct.isAlphaPremultiplied() && direct.getRedMask() == 0xFF0000
                && direct.getGreenMask() == 0xFF00 && direct.getBlueMask() == 0xFF
                && (!direct.hasAlpha() || direct.getAlphaMask() == 0xFF000000)) {
            return Source.PACKED_ARGB;
        }
        return Source.GENERIC;
    }

    /** Fills {@code out[c][0 .. width)} with row {@code y}. */
    void read(int y, float[][] out) {
        switch (source) {
            case BYTE_SAMPLES -> {
                byte[] row = (byte[]) (elements = raster.getDataElements(0, y, width, 1, elements));
                for (int i = 0; i < values.length; i++) {
                    values[i] = row[i] & 0xFF;
                }
                fromSamples(out);
            }
            case USHORT_SAMPLES -> {
                short[] row = (short[]) (elements = raster.getDataElements(0, y, width, 1, elements));
                for (int i = 0; i < values.length; i++) {
                    values[i] = row[i] & 0xFFFF;
                }
                fromSamples(out);
            }
            case PACKED_ARGB -> {
                int[] row = (int[]) (elements = raster.getDataElements(0, y, width, 1, elements));
                System.arraycopy(row, 0, values, 0, width);
                fromArgb(out);
            }
            case INDEXED -> {
                elements = raster.getDataElements(0, y, width, 1, elements);
                for (int x = 0; x < width; x++) {
                    int index = elements instanceof byte[] bytes ? bytes[x] & 0xFF : ((short[]) elements)[x] & 0xFFFF;
                    values[x] = index < palette.length ? palette[index] : 0;
                }
                fromArgb(out);
            }
            default -> {
                image.getRGB(0, y, width, 1, values, 0, width);
                fromArgb(out);
            }
        }
    }

    private void fromArgb(float[][] out) {
        for (int x = 0; x < width; x++) {
            int p = values[x];
            float r = p >> 16 & 0xFF;
            float g = p >> 8 & 0xFF;
            float b = p & 0xFF;
            float a = alpha ? (p >>> 24) / MAX : 1f;
            if (channels == 1) {
                out[0][x] = composite(0.299f * r + 0.587f * g + 0.114f * b, a, background[0], false);
            } else {
                out[0][x] = composite(r, a, background[0], false);
                out[1][x] = composite(g, a, background[1], false);
                out[2][x] = composite(b, a, background[2], false);
            }
        }
    }

    private void fromSamples(float[][] out) {
        for (int x = 0, i = 0; x < width; x++, i += bands) {
            float a = alpha ? values[i + colours] * toByteRange[colours] / MAX : 1f;
            float first = values[i] * toByteRange[0];
            if (colours == 1) {
                for (int c = 0; c < channels; c++) {
                    out[c][x] = composite(first, a, background[c], premultiplied);
                }
                continue;
            }
            float g = values[i + 1] * toByteRange[1];
            float b = values[i + 2] * toByteRange[2];
            if (channels == 1) {
                out[0][x] = composite(0.299f * first + 0.587f * g + 0.114f * b, a, background[0], premultiplied);
            } else {
                out[0][x] = composite(first, a, background[0], premultiplied);
                out[1][x] = composite(g, a, background[1], premultiplied);
                out[2][x] = composite(b, a, background[2], premultiplied);
            }
        }
    }

    private static float composite(float value, float a, float background, boolean premultiplied) {
        if (a >= 1f) {
            return value;
        }
        return (premultiplied ? value : value * a) + background * (1f - a);
    }
}
