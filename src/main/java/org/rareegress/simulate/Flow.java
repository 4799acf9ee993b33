package org.rareegress.simulate;

import java.util.List;

/**
 * One kind of connection a process makes: what it did, over which protocol, to which targets and
 * ports. A process's flows are drawn by weight for each of its events.
 *
 * @param ports remote ports for {@link Direction#OUT}, local ports otherwise
 */
record Flow(int weight, String action, String protocol, Direction direction, List<Target> targets, int[] ports,
            byte[] actionPiece) {

    /** Which end's port is the well-known one. */
    enum Direction {
        /** The device connects out from an ephemeral local port. */
        OUT,
        /** A peer connects in from its ephemeral port to one of {@code ports}. */
        IN,
        /** A socket starts listening: no remote end. */
        LISTEN
    }

    Flow {
        targets = List.copyOf(targets);
        if (targets.isEmpty() || ports.length == 0 || weight < 1) {
            throw new IllegalArgumentException("a flow needs targets, ports and a positive weight: " + action);
        }
    }

    static Flow out(int weight, String action, String protocol, List<Target> targets, int... ports) {
        return new Flow(weight, action, protocol, Direction.OUT, targets, ports, actionPiece(action));
    }

    static Flow in(int weight, List<Target> peers, int... localPorts) {
        return new Flow(weight, "InboundConnectionAccepted", "Tcp", Direction.IN, peers, localPorts,
                actionPiece("InboundConnectionAccepted"));
    }

    static Flow listen(int weight, int... localPorts) {
        return new Flow(weight, "ListeningConnectionCreated", "Tcp", Direction.LISTEN, List.of(Target.listening()),
                localPorts, actionPiece("ListeningConnectionCreated"));
    }

    /** The same flow with another action: failed attempts go to the same places. */
    Flow withAction(int newWeight, String newAction) {
        return new Flow(newWeight, newAction, protocol, direction, targets, ports, actionPiece(newAction));
    }

    private static byte[] actionPiece(String action) {
        return Json.utf8(action + "\",\"RemoteIP\":\"");
    }
}
