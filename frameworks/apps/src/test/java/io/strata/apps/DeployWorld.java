package io.strata.apps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * An app's instances under a fake clock, driven the way the app scheduler drives
 * {@link RollingDeployment}: actions applied at once (a launch is STARTING, a kill KILLING), then
 * the instances' own events (healthy, unhealthy, ended) fed one at a time.
 */
final class DeployWorld {

    final Map<String, Instance> instances = new LinkedHashMap<>();
    final UpgradePolicy policy;
    final IntUnaryOperator wantedOf;
    Deployment deployment;
    RollingDeployment.Step last;
    long now = 1_000_000;
    private int nextId = 1;

    DeployWorld(UpgradePolicy policy, IntUnaryOperator wantedOf) {
        this.policy = policy;
        this.wantedOf = wantedOf;
    }

    /** {@code count} healthy instances of {@code version}, as a finished earlier deployment left them. */
    DeployWorld running(int version, int count) {
        for (int k = 0; k < count; k++) {
            add(version, InstanceState.HEALTHY);
        }
        return this;
    }

    DeployWorld deploy(int from, int to) {
        deployment = Deployment.start(from, to, now);
        return this;
    }

    RollingDeployment.Step step() {
        last = RollingDeployment.decide(deployment, List.copyOf(instances.values()), wantedOf, policy, now);
        deployment = last.deployment();
        for (DeployAction a : last.actions()) {
            if (a instanceof DeployAction.Launch l) {
                add(l.version(), InstanceState.STARTING);
            } else if (a instanceof DeployAction.Kill k) {
                Instance i = instances.get(k.instanceId());
                if (i == null || i.state() == InstanceState.KILLING) {
                    throw new AssertionError("kill of " + k.instanceId() + " which is " + i);
                }
                instances.put(i.id(), i.with(InstanceState.KILLING));
            }
        }
        return last;
    }

    void set(String id, InstanceState state) {
        instances.put(id, instances.get(id).with(state));
    }

    void ended(String id) {
        instances.remove(id);
    }

    /** Lets every instance of a version in {@code good} turn healthy and every one stopping end. */
    void settle(Set<Integer> good) {
        for (Instance i : new ArrayList<>(instances.values())) {
            if (i.state() == InstanceState.KILLING) {
                ended(i.id());
            } else if (i.state() == InstanceState.STARTING && good.contains(i.version())) {
                set(i.id(), InstanceState.HEALTHY);
            }
        }
    }

    void after(Duration d) {
        now += d.toMillis();
    }

    long count(int version, InstanceState state) {
        return instances.values().stream().filter(i -> i.version() == version && i.state() == state).count();
    }

    long healthy() {
        return instances.values().stream().filter(i -> i.state() == InstanceState.HEALTHY).count();
    }

    List<String> ids(int version, InstanceState state) {
        return instances.values().stream().filter(i -> i.version() == version && i.state() == state)
                .map(Instance::id).toList();
    }

    private void add(int version, InstanceState state) {
        String id = "web-" + nextId++;
        instances.put(id, new Instance(id, version, state));
    }
}
