package io.strata.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Objects;

/**
 * One figure in the format of issue #8. {@code ratio} is always {@code value / peerValue}. Issue
 * #16 adds the spread: {@code runs} values went into {@code value}, the lowest and highest of them
 * are {@code min} and {@code max}; a record without them ({@link #measured}) leaves them out.
 * {@code load} is the machine's 1-minute load average as each run started (see {@link Load}), or
 * at the figure's start and end when the figure does not record it per run.
 */
@JsonPropertyOrder({"name", "value", "unit", "better", "peer", "peer_value", "ratio", "goal", "runs", "min", "max",
        "load", "notes"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Result(String name, Double value, String unit, String better, String peer,
                     @JsonProperty("peer_value") Double peerValue, Double ratio, String goal, String notes,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Integer runs,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Double min,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Double max,
                     @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> load) {

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
                notes, null, null, null, null);
    }

    /** This record with its spread: {@code value} came from {@code runs} values between min and max. */
    public Result withSpread(int runs, double min, double max) {
        return new Result(name, value, unit, better, peer, peerValue, ratio, goal, notes, runs, round(min), round(max),
                load);
    }

    /** This record with the machine's load average sampled as each of its runs started. */
    public Result withLoad(List<Double> perRun) {
        return new Result(name, value, unit, better, peer, peerValue, ratio, goal, notes, runs, min, max,
                perRun.stream().map(Result::round).toList());
    }

    /** Four significant digits: more would only record the noise of a shared machine. */
    static double round(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }
}
