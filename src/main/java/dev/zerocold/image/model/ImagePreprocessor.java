package dev.zerocold.image.model;

import dev.zerocold.image.model.ImagePreprocessing.Color;
import dev.zerocold.image.model.ImagePreprocessing.Layout;
import dev.zerocold.image.model.ImagePreprocessing.Resize;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Writes an image into a float tensor as an {@link ImagePreprocessing} prescribes.
 *
 * <p>Steps, in order: alpha is composited onto the background; colours become grey (luminance
 * {@code 0.299R + 0.587G + 0.114B}) or RGB/BGR; the image is stretched to width×height with a
 * separable filter that widens when downscaling, so large reductions average rather than alias
 * (the scheme Pillow uses, so models trained with Pillow resizing see the same pixels); values
 * are clamped to 0..255, optionally inverted, and normalised as {@code (v * scale - mean[c]) /
 * std[c]}.
 *
 * <p>Any {@link BufferedImage} type is accepted. Single-channel (grey) images use their raw
 * sample values, scaled to 0..255 by bit depth, rather than the gamma conversion that
 * {@link BufferedImage#getRGB} applies to them; indexed, packed and other images are read as
 * sRGB row by row. A source of the target size is copied without resampling.
 *
 * <p>Instances are immutable and thread-safe: every call works in buffers of its own.
 */
public final class ImagePreprocessor {

    private static final float MAX_VALUE = 255f;

    private final ImagePreprocessing spec;
    private final int channels;
    private final float[] gain;
    private final float[] bias;
    private final float[] background;

    /** @throws IllegalArgumentException if the spec does not {@link ImagePreprocessing#validate() validate} */
    public ImagePreprocessor(ImagePreprocessing spec) {
        this.spec = spec.validate();
        this.channels = spec.channels();
        this.gain = new float[channels];
        this.bias = new float[channels];
        for (int c = 0; c < channels; c++) {
            double std = spec.std().get(c);
            gain[c] = (float) (spec.scale() / std);
            bias[c] = (float) (-spec.mean().get(c) / std);
        }
        int bg = spec.backgroundRgb();
        float r = bg >> 16 & 0xFF;
        float g = bg >> 8 & 0xFF;
        float b = bg & 0xFF;
        this.background = channels == 1 ? new float[] {0.299f * r + 0.587f * g + 0.114f * b} : new float[] {r, g, b};
    }

    public ImagePreprocessing spec() {
        return spec;
    }

    /** Number of floats {@link #writeTo} writes: channels × height × width. */
    public int tensorSize() {
        return spec.tensorSize();
    }

    /**
     * Preprocesses {@code image} into {@code dest[offset .. offset + tensorSize())}, in the
     * spec's layout (one batch item).
     */
    public void writeTo(BufferedImage image, float[] dest, int offset) {
        if (offset < 0 || dest.length - offset < tensorSize()) {
            throw new IndexOutOfBoundsException("need " + tensorSize() + " floats at offset " + offset
                    + ", destination has " + dest.length);
        }
        int srcW = image.getWidth();
        int srcH = image.getHeight();
        int dstW = spec.width();
        int dstH = spec.height();
        Kernel horizontal = srcW == dstW ? null : Kernel.of(spec.resize(), srcW, dstW);
        Kernel vertical = srcH == dstH ? null : Kernel.of(spec.resize(), srcH, dstH);

        PixelRows reader = new PixelRows(image, channels, background);
        float[][] row = new float[channels][srcW];
        float[][] resized = horizontal == null ? row : new float[channels][dstW];
        float[][] planes = new float[channels][dstH * dstW];
        int first = 0;
        for (int y = 0; y < srcH; y++) {
            reader.read(y, row);
            if (horizontal != null) {
                horizontal.apply(row, resized);
            }
            if (vertical == null) {
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(resized[c], 0, planes[c], y * dstW, dstW);
                }
                continue;
            }
            while (first < dstH && vertical.end(first) <= y) {
                first++;
            }
            for (int out = first; out < dstH && vertical.start()[out] <= y; out++) {
                float weight = vertical.weight(out, y);
                for (int c = 0; c < channels; c++) {
                    float[] plane = planes[c];
                    float[] line = resized[c];
                    for (int x = 0, i = out * dstW; x < dstW; x++, i++) {
                        plane[i] += line[x] * weight;
                    }
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            store(planes[c], spec.color() == Color.BGR ? 2 - c : c, dest, offset);
        }
    }

    private void store(float[] plane, int channel, float[] dest, int base) {
        int start = spec.layout() == Layout.NCHW ? base + channel * plane.length : base + channel;
        int step = spec.layout() == Layout.NCHW ? 1 : channels;
        float mul = gain[channel];
        float add = bias[channel];
        for (int p = 0, i = start; p < plane.length; p++, i += step) {
            float v = Math.min(MAX_VALUE, Math.max(0f, plane[p]));
            dest[i] = (spec.invert() ? MAX_VALUE - v : v) * mul + add;
        }
    }

    /** Per-output-pixel weights over a contiguous window of source pixels along one axis. */
    private record Kernel(int[] start, int[] count, float[] weights, int stride) {

        static Kernel of(Resize resize, int in, int out) {
            double scale = (double) in / out;
            if (resize == Resize.NEAREST) {
                int[] start = new int[out];
                for (int i = 0; i < out; i++) {
                    start[i] = Math.min(in - 1, (int) ((i + 0.5) * scale));
                }
                float[] ones = new float[out];
                Arrays.fill(ones, 1f);
                int[] counts = new int[out];
                Arrays.fill(counts, 1);
                return new Kernel(start, counts, ones, 1);
            }
            double support = resize == Resize.BICUBIC ? 2.0 : 1.0;
            double filterScale = Math.max(scale, 1.0);
            double radius = support * filterScale;
            int stride = (int) Math.ceil(radius) * 2 + 1;
            int[] start = new int[out];
            int[] count = new int[out];
            float[] weights = new float[out * stride];
            double[] w = new double[stride];
            for (int i = 0; i < out; i++) {
                double center = (i + 0.5) * scale;
                int min = Math.max(0, (int) (center - radius + 0.5));
                int n = Math.min(in, (int) (center + radius + 0.5)) - min;
                double total = 0;
                for (int k = 0; k < n; k++) {
                    w[k] = filter(resize, (k + min - center + 0.5) / filterScale);
                    total += w[k];
                }
                for (int k = 0; k < n; k++) {
                    weights[i * stride + k] = (float) (total == 0 ? 0 : w[k] / total);
                }
                start[i] = min;
                count[i] = n;
            }
            return new Kernel(start, count, weights, stride);
        }

        private static double filter(Resize resize, double x) {
            double t = Math.abs(x);
            if (resize == Resize.BILINEAR) {
                return t < 1 ? 1 - t : 0;
            }
            double a = -0.5;
            if (t < 1) {
                return ((a + 2) * t - (a + 3)) * t * t + 1;
            }
            return t < 2 ? (((t - 5) * t + 8) * t - 4) * a : 0;
        }

        /** Resamples each channel of {@code src} into {@code dst}; three channels share one pass. */
        void apply(float[][] src, float[][] dst) {
            if (src.length != 3) {
                for (int c = 0; c < src.length; c++) {
                    apply(src[c], dst[c]);
                }
                return;
            }
            float[] r = src[0];
            float[] g = src[1];
            float[] b = src[2];
            for (int i = 0; i < start.length; i++) {
                float sumR = 0;
                float sumG = 0;
                float sumB = 0;
                for (int k = 0, s = start[i], wi = i * stride; k < count[i]; k++, s++, wi++) {
                    float w = weights[wi];
                    sumR += r[s] * w;
                    sumG += g[s] * w;
                    sumB += b[s] * w;
                }
                dst[0][i] = sumR;
                dst[1][i] = sumG;
                dst[2][i] = sumB;
            }
        }

        private void apply(float[] src, float[] dst) {
            for (int i = 0; i < start.length; i++) {
                float sum = 0;
                for (int k = 0, s = start[i], wi = i * stride; k < count[i]; k++) {
                    sum += src[s++] * weights[wi++];
                }
                dst[i] = sum;
            }
        }

        /** First source index after the window of output {@code i}. */
        int end(int i) {
            return start[i] + count[i];
        }

        /** Weight of source index {@code source} (inside the window) for output {@code i}. */
        float weight(int i, int source) {
            return weights[i * stride + source - start[i]];
        }
    }
}
