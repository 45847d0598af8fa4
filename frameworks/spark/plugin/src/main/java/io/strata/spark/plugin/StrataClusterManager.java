package io.strata.spark.plugin;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.ExternalClusterManager;
import org.apache.spark.scheduler.SchedulerBackend;
import org.apache.spark.scheduler.TaskScheduler;
import org.apache.spark.scheduler.TaskSchedulerImpl;

/**
 * Spark's entry point for master URLs {@code strata://HOST:PORT[,HOST:PORT...]}, where each
 * HOST:PORT is the Strata HTTP API of a master node of the cluster ({@link MasterUrl}); the
 * backend's calls move on to the next when one is down. Found by Spark through
 * {@code META-INF/services}.
 */
public final class StrataClusterManager implements ExternalClusterManager {

    @Override
    public boolean canCreate(String masterUrl) {
        return masterUrl.startsWith(MasterUrl.PREFIX);
    }

    @Override
    public TaskScheduler createTaskScheduler(SparkContext sc, String masterUrl) {
        return new TaskSchedulerImpl(sc);
    }

    @Override
    public SchedulerBackend createSchedulerBackend(SparkContext sc, String masterUrl, TaskScheduler scheduler) {
        boolean https = PluginCredentials.caFile(sc.conf().get(PluginCredentials.CA_CONF, null)) != null;
        return new StrataSchedulerBackend((TaskSchedulerImpl) scheduler, sc, MasterUrl.apis(masterUrl, https));
    }

    @Override
    public void initialize(TaskScheduler scheduler, SchedulerBackend backend) {
        ((TaskSchedulerImpl) scheduler).initialize(backend);
    }
}
