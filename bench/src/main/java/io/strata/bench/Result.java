package io.strata.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Objects;

/**
 * One figure in the format of issue #8. {@code ratio} is always {@code value / peerValue}.
 */
@JsonPropertyOrder({"name", "value", "unit", "better", "peer", "peer_value", "ratio", "goal", "notes"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Result(String name, Double value, String unit, String better, String peer,
                     @JsonProperty("peer_value") Double peerValue, Double ratio, String goal, String notes) {

    public Result {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        if (!"lower".equals(better) && !"higher".equals(better)) {
            throw new IllegalArgumentException("better must be lower or higher, got " + better);
        }
    }

    /** A measured figure; the ratio is derived so it can never disagree with the two values. */
    public static Result measured(String name, double value, String unit, String better, String peer,
                                  double peerValue, String goal, String notes) {
        return new Result(name, round(value), unit, better, peer, round(peerValue), round(value / peerValue), goal,
                notes);
    }

    /** Four significant digits: more would only record the noise of a shared machine. */
    static double round(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }
}
