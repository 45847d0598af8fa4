package io.strata.spark.plugin;

import org.apache.spark.SparkContext;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.scheduler.TaskSchedulerImpl;
import org.apache.spark.scheduler.cluster.CoarseGrainedSchedulerBackend;
import org.apache.spark.scheduler.cluster.SchedulerBackendUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Spark's scheduler backend on Strata. Executors are Strata tasks that the Spark framework inside
 * Strata launches from offers; this backend only tells it how many executors Spark wants (the
 * target, which dynamic allocation moves), which ones to kill, and that the driver is alive.
 * Every call carries the whole application, so a repeated or lost call does no harm, and any master
 * node's API the master URL names may take it (the client moves on when one is down).
 */
final class StrataSchedulerBackend extends CoarseGrainedSchedulerBackend {

    private static final Logger LOG = LoggerFactory.getLogger(StrataSchedulerBackend.class);
    /** As YARN and Kubernetes: wait for 80% of the initial executors unless the user says otherwise. */
    private static final double DEFAULT_MIN_REGISTERED_RATIO = 0.8;

    private final TaskSchedulerImpl taskScheduler;
    private final SparkContext sc;
    private final String appId = "spark-" + UUID.randomUUID().toString().substring(0, 8);
    private final StrataSparkClient client;
    private final int initialTarget;
    private final long heartbeatMillis;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "strata-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile int target;
    private volatile AppDescription description;
    private volatile String lastProblem;

    StrataSchedulerBackend(TaskSchedulerImpl scheduler, SparkContext sc, List<URI> apis) {
        super(scheduler, sc.env().rpcEnv());
        this.taskScheduler = scheduler;
        this.sc = sc;
        this.client = new StrataSparkClient(apis, appId,
                PluginCredentials.token(sc.conf().get(PluginCredentials.TOKEN_CONF, null)),
                PluginCredentials.ssl(PluginCredentials.caFile(sc.conf().get(PluginCredentials.CA_CONF, null))));
        this.initialTarget = SchedulerBackendUtils.getInitialTargetExecutorNumber(sc.conf(), 2);
        this.heartbeatMillis = sc.conf().getTimeAsMs("spark.strata.heartbeatInterval", "1s");
    }

    @Override
    public String applicationId() {
        return appId;
    }

    @Override
    public void start() {
        super.start();
        String driverUrl = "spark://" + CoarseGrainedSchedulerBackend.ENDPOINT_NAME() + "@"
                + sc.conf().get("spark.driver.host") + ":" + sc.conf().get("spark.driver.port");
        description = AppDescription.of(sc.conf(), sc.appName(), driverUrl);
        target = initialTarget;
        Optional<String> problem;
        try {
            problem = client.put(heartbeat());
        } catch (IOException e) {
            throw new IllegalStateException("cannot register application " + appId + " with Strata: "
                    + e.getMessage(), e);
        }
        if (problem.isPresent()) {
            endQuietly();
            throw new IllegalStateException("Strata cannot run the executors of " + appId + ": " + problem.get());
        }
        LOG.info("registered with Strata app={} api={} executors={}", appId, client.current(), initialTarget);
        heartbeats.scheduleWithFixedDelay(this::sync, heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean sufficientResourcesRegistered() {
        double ratio = sc.conf().contains("spark.scheduler.minRegisteredResourcesRatio")
                ? minRegisteredRatio() : DEFAULT_MIN_REGISTERED_RATIO;
        return totalRegisteredExecutors().get() >= initialTarget * ratio;
    }

    @Override
    public Future<Object> doRequestTotalExecutors(scala.collection.immutable.Map<ResourceProfile, Object> totals) {
        int total = 0;
        for (Map.Entry<ResourceProfile, Object> e : CollectionConverters.asJava(totals).entrySet()) {
            if (e.getKey().id() == ResourceProfile.DEFAULT_RESOURCE_PROFILE_ID()) {
                total = (Integer) e.getValue();
            } else if ((Integer) e.getValue() > 0) {
                LOG.warn("Strata supports only the default resource profile; ignoring profile={}", e.getKey().id());
            }
        }
        target = total;
        return Future.successful(sync());
    }

    @Override
    public Future<Object> doKillExecutors(scala.collection.immutable.Seq<String> executorIds) {
        List<String> ids = CollectionConverters.asJava(executorIds);
        try {
            client.killExecutors(ids);
            return Future.successful(Boolean.TRUE);
        } catch (IOException e) {
            LOG.warn("could not ask Strata to kill executors={} error=\"{}\"", ids, e.getMessage());
            return Future.successful(Boolean.FALSE);
        }
    }

    @Override
    public void stop() {
        heartbeats.shutdownNow();
        try {
            super.stop();
        } finally {
            endQuietly();
        }
    }

    private StrataSparkClient.Heartbeat heartbeat() {
        return new StrataSparkClient.Heartbeat(description, target, CollectionConverters.asJava(getExecutorIds()));
    }

    /** Sends the whole application with the current target; reports a problem Strata found once. */
    private Boolean sync() {
        if (description == null) {
            return Boolean.FALSE;
        }
        URI before = client.current();
        try {
            Optional<String> problem = client.put(heartbeat());
            if (!client.current().equals(before)) {
                LOG.info("Strata API moved app={} from={} to={}", appId, before, client.current());
            }
            if (problem.isPresent() && !problem.get().equals(lastProblem)) {
                LOG.error("Strata cannot run this application's executors app={} problem=\"{}\"", appId, problem.get());
                abortJobs(problem.get());
            }
            lastProblem = problem.orElse(null);
            return Boolean.TRUE;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Strata heartbeat failed app={} error=\"{}\"", appId, e.getMessage());
            return Boolean.FALSE;
        }
    }

    /** Fails running jobs with Strata's reason instead of letting them wait forever for executors. */
    private void abortJobs(String problem) {
        try {
            taskScheduler.error("Strata cannot run the executors: " + problem);
        } catch (RuntimeException noActiveJobs) {
            LOG.debug("no active jobs to abort");
        }
    }

    private void endQuietly() {
        try {
            client.end();
            LOG.info("ended on Strata app={}", appId);
        } catch (IOException e) {
            LOG.warn("could not tell Strata that app={} ended (it will notice the missing heartbeats): {}", appId,
                    e.getMessage());
        }
    }
}
