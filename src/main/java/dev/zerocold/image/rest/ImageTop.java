package dev.zerocold.image.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** The top-k classes of one image of several (batch, {@code /predict/{name}}): {@code {predictions: [...]}}. */
@RegisterForReflection  // written by Jackson by reflection, also in a native image
public record ImageTop(List<ImageResponse.Prediction> predictions) {
}
