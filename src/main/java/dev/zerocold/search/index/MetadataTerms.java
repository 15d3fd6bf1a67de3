package dev.zerocold.search.index;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The exact-match term of a metadata value, so that a filter value finds the documents whose
 * metadata holds the same value: strings as they are ({@code s:} prefix), booleans as
 * {@code b:true}/{@code b:false}, numbers by numeric value ({@code n:} and the plain decimal without trailing
 * zeros: {@code 1}, {@code 1.0} and {@code 1e0} are the one term {@code n:1}). A string {@code "1"} and the number 1 differ.
 * Stateless.
 */
public final class MetadataTerms {

    private MetadataTerms() {
    }

    /** The term of a string, number or boolean; empty for anything else (null, object, array, a non-finite number). */
    public static Optional<String> of(JsonNode value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isTextual()) {
            return Optional.of("s:" + value.textValue());
        }
        if (value.isBoolean()) {
            return Optional.of("b:" + value.booleanValue());
        }
        if (value.isNumber()) {
            if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
                return Optional.empty();
            }
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            // one spelling per value: plain digits unless the exponent is large (1e400 stays short)
            return Optional.of("n:" + (Math.abs(number.scale()) <= 64 ? number.toPlainString() : number.toString()));
        }
        return Optional.empty();
    }
}
