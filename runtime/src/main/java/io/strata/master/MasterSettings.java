package io.strata.master;

import com.typesafe.config.Config;

import java.time.Duration;

/** The master's timing knobs, read from the {@code strata} config block. */
public record MasterSettings(Duration heartbeatInterval, Duration agentTimeout, Duration frameworkTimeout,
                             Duration frameworkFailoverTimeout, Duration reregistrationGrace,
                             Duration allocationInterval, Duration offerTimeout, Duration defaultRefuse,
                             Duration killGrace) {

    public static MasterSettings from(Config root) {
        Config c = root.getConfig("strata");
        return new MasterSettings(c.getDuration("heartbeat-interval"), c.getDuration("agent-timeout"),
                c.getDuration("framework-timeout"), c.getDuration("framework-failover-timeout"),
                c.getDuration("reregistration-grace"), c.getDuration("allocation-interval"),
                c.getDuration("offer-timeout"), c.getDuration("default-refuse"), c.getDuration("kill-grace"));
    }
}
