package dev.zerocold.image.model;

import java.awt.image.BufferedImage;

/**
 * One input of an image classifier: an encoded image (decoded by the model, in its batch), a decoded
 * picture, which the model's declared preprocessing turns into its tensor, or that tensor itself
 * (already preprocessed by the client, as Open Inference Protocol clients send it).
 */
public sealed interface ImageInput {

    /** An encoded image (PNG, JPEG, GIF, BMP) as received; its bytes are its cache key. */
    record Encoded(byte[] bytes) implements ImageInput {
    }

    /** A decoded image, preprocessed by the model. */
    record Picture(BufferedImage image) implements ImageInput {
    }

    /** One item of the network's input tensor, row-major, exactly the network's item size. */
    record Pixels(float[] values) implements ImageInput {
    }
}
