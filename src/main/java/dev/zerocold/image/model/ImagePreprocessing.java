package dev.zerocold.image.model;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * How an image becomes a model's input tensor: the {@code settings.preprocessing} block of an
 * image model's {@code model.yaml}.
 *
 * <p>The image is composited onto {@code background} (alpha), converted to {@code color},
 * stretched to {@code width}×{@code height} with {@code resize}, optionally inverted
 * ({@code 255 - v}), then each value becomes {@code (v * scale - mean[c]) / std[c]} and is laid
 * out as {@code layout}. {@code mean} and {@code std} are indexed by tensor channel, so for
 * {@link Color#BGR} they are given in B, G, R order.
 *
 * <p>Binds from YAML/JSON with Jackson (all property names are single words, so snake_case and
 * camelCase coincide). {@code layout}, {@code resize} and {@code background} default to NCHW,
 * bilinear and black when absent. Call {@link #validate()} before use; instances are immutable
 * and thread-safe.
 */
@RegisterForReflection  // bound by Jackson from model.yaml, also in a native image
public record ImagePreprocessing(
        Layout layout,
        int width,
        int height,
        Color color,
        Resize resize,
        double scale,
        List<Double> mean,
        List<Double> std,
        boolean invert,
        String background) {

    /** Upper bound for {@code width} and {@code height}; model inputs are far smaller. */
    public static final int MAX_SIDE = 4096;

    /** Tensor memory order: channels-first or channels-last (batch dimension first in both). */
    public enum Layout {
        NCHW, NHWC;

        @JsonValue
        public String id() {
            return name();
        }

        @JsonCreator
        public static Layout of(String value) {
            return parse(Layout.class, value);
        }
    }

    /** Colour model of the tensor: one luminance channel, or three channels in the given order. */
    public enum Color {
        GREY(1), RGB(3), BGR(3);

        private final int channels;

        Color(int channels) {
            this.channels = channels;
        }

        public int channels() {
            return channels;
        }

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Color of(String value) {
            return "gray".equalsIgnoreCase(value) ? GREY : parse(Color.class, value);
        }
    }

    /** Resampling filter used to stretch the image to the model's size. */
    public enum Resize {
        NEAREST, BILINEAR, BICUBIC;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Resize of(String value) {
            return parse(Resize.class, value);
        }
    }

    public ImagePreprocessing {
        layout = layout == null ? Layout.NCHW : layout;
        resize = resize == null ? Resize.BILINEAR : resize;
        background = background == null ? "#000000" : background.trim();
        mean = mean == null ? null : Collections.unmodifiableList(new ArrayList<>(mean));
        std = std == null ? null : Collections.unmodifiableList(new ArrayList<>(std));
    }

    /** Number of tensor channels implied by {@link #color()}. */
    public int channels() {
        return color.channels();
    }

    /** Number of floats one image occupies in the tensor. */
    public int tensorSize() {
        return channels() * width * height;
    }

    /** The background as {@code 0xRRGGBB}. */
    public int backgroundRgb() {
        return parseColour(background);
    }

    /**
     * Checks that the settings describe a usable transformation.
     *
     * @return this, for chaining
     * @throws IllegalArgumentException naming the offending property
     */
    public ImagePreprocessing validate() {
        if (color == null) {
            throw new IllegalArgumentException("preprocessing.color is required (grey, rgb or bgr)");
        }
        if (width < 1 || width > MAX_SIDE || height < 1 || height > MAX_SIDE) {
            throw new IllegalArgumentException("preprocessing.width and height must be between 1 and "
                    + MAX_SIDE + ", got " + width + "x" + height);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("preprocessing.scale must be a positive number, got " + scale);
        }
        checkPerChannel("mean", mean, false);
        checkPerChannel("std", std, true);
        parseColour(background);
        return this;
    }

    private void checkPerChannel(String name, List<Double> values, boolean nonZero) {
        if (values == null || values.size() != channels()) {
            throw new IllegalArgumentException("preprocessing." + name + " must have one value per channel ("
                    + channels() + " for " + color.id() + "), got " + values);
        }
        for (Double v : values) {
            if (v == null || !Double.isFinite(v) || (nonZero && v == 0.0)) {
                throw new IllegalArgumentException("preprocessing." + name + " must contain finite"
                        + (nonZero ? ", non-zero" : "") + " numbers, got " + values);
            }
        }
    }

    private static int parseColour(String value) {
        String hex = value.startsWith("#") ? value.substring(1) : value;
        if (hex.length() == 6) {
            try {
                return Integer.parseInt(hex, 16);
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException("preprocessing.background must be a colour like \"#RRGGBB\", got \""
                + value + "\"");
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName().toLowerCase(Locale.ROOT) + " \""
                + value + "\", expected one of " + List.of(type.getEnumConstants()).stream()
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }
}
