package dev.zerocold.image;

import java.awt.image.BufferedImage;

/**
 * One input of an image classifier: a decoded picture, which the model's declared preprocessing
 * turns into its tensor, or that tensor itself (already preprocessed by the client, as Open
 * Inference Protocol clients send it).
 */
public sealed interface ImageInput {

    /** A decoded image, preprocessed by the model. */
    record Picture(BufferedImage image) implements ImageInput {
    }

    /** One item of the network's input tensor, row-major, exactly the network's item size. */
    record Pixels(float[] values) implements ImageInput {
    }
}
