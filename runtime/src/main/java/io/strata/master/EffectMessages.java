package io.strata.master;

import io.strata.protocol.AgentCommand;
import io.strata.protocol.FrameworkEvent;

/** The wire message for each effect addressed to an agent or a framework. */
final class EffectMessages {

    private EffectMessages() {
    }

    static AgentCommand toAgent(MasterEffect.ToAgent effect) {
        if (effect instanceof MasterEffect.AgentRegistered e) {
            return new AgentCommand.Registered(e.masterEpoch());
        } else if (effect instanceof MasterEffect.LaunchTasks e) {
            return new AgentCommand.LaunchTasks(e.frameworkId(), e.tasks(), e.masterEpoch(), e.launchSeq());
        } else if (effect instanceof MasterEffect.LaunchesSent e) {
            return new AgentCommand.LaunchesSent(e.masterEpoch(), e.launchSeq());
        } else if (effect instanceof MasterEffect.KillTask e) {
            return new AgentCommand.KillTask(e.taskId(), e.graceMillis(), e.reason());
        } else if (effect instanceof MasterEffect.AckTerminal e) {
            return new AgentCommand.AckTerminal(e.taskId());
        } else if (effect instanceof MasterEffect.DestroyVolume e) {
            return new AgentCommand.DestroyVolume(e.volumeId());
        }
        throw new IllegalArgumentException("no agent message for " + effect);
    }

    static FrameworkEvent toFramework(MasterEffect.ToFramework effect) {
        if (effect instanceof MasterEffect.FrameworkRegistered e) {
            return new FrameworkEvent.Registered(e.frameworkId(), e.masterEpoch());
        } else if (effect instanceof MasterEffect.SendOffers e) {
            return new FrameworkEvent.Offers(e.offers());
        } else if (effect instanceof MasterEffect.RescindOffer e) {
            return new FrameworkEvent.OfferRescinded(e.offerId());
        } else if (effect instanceof MasterEffect.SendStatus e) {
            return new FrameworkEvent.StatusUpdate(e.status());
        } else if (effect instanceof MasterEffect.AgentLost e) {
            return new FrameworkEvent.AgentLost(e.agentId(), e.reason());
        } else if (effect instanceof MasterEffect.FrameworkError e) {
            return new FrameworkEvent.Error(e.message());
        }
        throw new IllegalArgumentException("no framework event for " + effect);
    }
}
