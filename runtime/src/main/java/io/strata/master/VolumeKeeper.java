package io.strata.master;

import io.strata.master.MasterInput.DestroyVolume;
import io.strata.master.MasterInput.ReportedVolume;
import io.strata.master.MasterInput.VolumeDestroyed;
import io.strata.master.VolumeBook.VolumeEntry;
import io.strata.resources.AgentId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decides the life of persistent volumes after their creation: adoption and destruction. */
final class VolumeKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(VolumeKeeper.class);

    private final MasterBooks books;

    VolumeKeeper(MasterBooks books) {
        this.books = books;
    }

    /** A volume an agent keeps (learnt after a failover): its disk stays its framework's. */
    void adopt(AgentId agentId, ReportedVolume v) {
        VolumeEntry entry = new VolumeEntry(v.volume().id(), agentId, v.frameworkId(), v.volume().sizeMb());
        books.volumes.put(entry);
        try {
            books.allocator.recordUsed(agentId, v.frameworkId(), entry.disk());
        } catch (IllegalArgumentException e) {
            LOG.warn("cannot account volume volume={} agent={} reason=\"{}\"", entry.id(), agentId, e.getMessage());
        }
    }

    /** Only the volume's own framework may destroy it. */
    void destroyRequested(DestroyVolume m, Step out) {
        VolumeEntry v = books.volumes.get(m.volumeId());
        if (v != null && v.frameworkId().equals(m.frameworkId())) {
            destroyWhenUnused(m.volumeId(), out);
        }
    }

    /** Destroys the volume now, or once the last task using it has ended. */
    void destroyWhenUnused(String volumeId, Step out) {
        VolumeEntry v = books.volumes.get(volumeId);
        if (v == null) {
            books.volumes.clearDestroy(volumeId);
            return;
        }
        if (books.volumes.inUse(volumeId)) {
            books.volumes.awaitDestroy(volumeId);
            return;
        }
        books.volumes.clearDestroy(volumeId);
        if (books.agents.containsKey(v.agentId())) {
            out.add(new MasterEffect.DestroyVolume(v.agentId(), volumeId));
        }
    }

    void destroyed(VolumeDestroyed m, Step out) {
        VolumeEntry v = books.volumes.get(m.volumeId());
        if (v == null) {
            return;
        }
        if (m.error() != null) {
            LOG.warn("volume not destroyed volume={} agent={} reason=\"{}\"", m.volumeId(), m.agentId(), m.error());
            out.toFramework(new MasterEffect.FrameworkError(v.frameworkId(),
                    "volume " + m.volumeId() + " was not destroyed: " + m.error()));
            return;
        }
        books.volumes.remove(m.volumeId());
        if (books.allocator.hasAgent(v.agentId())) {
            books.allocator.recover(v.agentId(), v.frameworkId(), v.disk());
        }
        LOG.info("volume destroyed volume={} agent={} diskMb={}", v.id(), v.agentId(), v.sizeMb());
        out.allocateSoon();
    }
}
