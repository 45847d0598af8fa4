package io.strata.dashboard;

import com.typesafe.config.Config;

import java.time.Duration;

/** The dashboard's settings, {@code strata.api.dashboard} in the node's config. */
public record DashboardSettings(Duration sampleInterval, Duration historyInterval, Duration historyWindow, int events,
                                Duration keepAlive, Duration logPoll, Duration linkTtl, Duration sessionTtl) {

    public static DashboardSettings of(Config config) {
        Config c = config.getConfig("strata.api.dashboard");
        return new DashboardSettings(c.getDuration("sample-interval"), c.getDuration("history-interval"),
                c.getDuration("history-window"), c.getInt("events"), c.getDuration("keep-alive"),
                c.getDuration("log-poll"), c.getDuration("link-ttl"), c.getDuration("session-ttl"));
    }
}
