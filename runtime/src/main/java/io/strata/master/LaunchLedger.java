package io.strata.master;

/**
 * This master's launch numbers for one agent, which decide when a task missing from the agent's
 * heartbeat is LOST, from what the agent says it has received, never from when a heartbeat
 * arrives.
 *
 * <p>Every launch to the agent gets the next number; the agent echoes the highest number it has
 * received (with the epoch of the master that numbered it) in each heartbeat, and the heartbeat's
 * task list is the agent's view at that same moment. A launch is <em>settled</em> once it has
 * reached the agent or never will:
 * <ul>
 *   <li>the agent echoes its number or a higher one of this master (messages of one sender arrive
 *       in order, so an earlier launch that is not there by then is lost);</li>
 *   <li>the agent speaks from a new connection: every launch sent before went to its previous run.</li>
 * </ul>
 * A task whose launch is settled and which the agent does not report is gone. A heartbeat that
 * was sent before the launch reached the agent echoes a lower number, however late it arrives,
 * and a heartbeat that echoes nothing of this master (an older agent, or one still echoing the
 * previous master) settles nothing.
 *
 * <p>A launch lost on the way (a dropped message) would leave the agent's echo below it forever:
 * when a launch sent before the agent's previous heartbeat is still not settled, the master sends
 * {@code LaunchesSent} with its highest number. It arrives after the launches before it, so the
 * agent's next echo settles them, received or not.
 *
 * <p>Numbers start above what the agent echoes of this master when it registers, so a master that
 * lost an agent and hears it again never reuses a number the agent has already seen.
 */
final class LaunchLedger {

    /** The highest number given to a launch (or seen echoed). */
    private long issued;
    /** Every launch up to this number has reached the agent or never will. */
    private long settled;
    /** {@link #issued} when the agent's previous heartbeat was handled. */
    private long issuedAtLastHeartbeat;

    /** @param start the highest number the agent already echoes of this master (0 if none) */
    LaunchLedger(long start) {
        this.issued = start;
        this.settled = start;
        this.issuedAtLastHeartbeat = start;
    }

    /** The number of the next launch to the agent. */
    long next() {
        return ++issued;
    }

    long issued() {
        return issued;
    }

    long settled() {
        return settled;
    }

    /**
     * One heartbeat of the agent.
     *
     * @param newConnection the heartbeat comes from another connection than the previous one
     * @param echoed        the number the agent echoes of this master, or null when it echoes
     *                      nothing of this master
     * @param echoes        the agent echoes launch numbers at all (of this master or another)
     * @return whether to send the agent {@code LaunchesSent} with {@link #issued()}
     */
    boolean heard(boolean newConnection, Long echoed, boolean echoes) {
        if (newConnection) {
            settled = issued;
        }
        if (echoed != null) {
            // Above what was issued only if this master numbered the agent's launches before it
            // lost the agent: number on from there.
            issued = Math.max(issued, echoed);
            settled = Math.max(settled, echoed);
        }
        boolean probe = echoes && issuedAtLastHeartbeat > settled;
        issuedAtLastHeartbeat = issued;
        return probe;
    }
}
