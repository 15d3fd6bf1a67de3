package dev.zerocold.common;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Jackson's fast number parsing and writing (FastDoubleParser, Schubfach) for every JSON body:
 * tensors travel as long arrays of decimals (an image is 784 floats), and reading and writing them
 * was most of the cost of an Open Inference Protocol request.
 */
@Singleton
public class JsonSettings implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature());
        mapper.enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());
    }
}
