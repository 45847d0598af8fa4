package io.strata.pipelines.sources;

import java.math.BigDecimal;

/**
 * One simulated sensor reading: the Kafka record's key is {@link #sensorId()}, its value {@link #json()}.
 *
 * @param index    the event's position in the simulated stream (0, 1, 2, ...)
 * @param sensorId {@code sensor-%04d}
 * @param ts       event time, epoch milliseconds
 * @param value    degrees Celsius, three decimals
 */
public record Reading(long index, String sensorId, long ts, double value) {

    /** {@code {"sensor_id":"sensor-0007","ts":1767225600000,"value":21.375}} */
    public String json() {
        return "{\"sensor_id\":\"" + sensorId + "\",\"ts\":" + ts + ",\"value\":"
                + BigDecimal.valueOf(value).toPlainString() + "}";
    }
}
