package io.writethrough.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One node's answer to {@code CLUSTER NODES}: the nodes it knows, their roles and flags, and which primary it
 * believes serves each slot. Views of different nodes disagree for a while after every change; the cluster
 * fixture waits until they do not.
 */
record ClusterView(List<Entry> entries) {

    /** Flags under which a node is not (yet, or any more) a working member in the eyes of the viewer. */
    private static final Set<String> TROUBLE = Set.of("fail", "fail?", "handshake", "noaddr");

    /**
     * One line: {@code <id> <ip:port@cport[,hostname]> <flags> <primary id or -> <ping> <pong> <epoch> <link>
     * <slot or range>...}; the viewer's own line may add {@code [slot->-id]} (migrating) and {@code [slot-<-id]}
     * (importing), which are not ownership.
     */
    record Entry(String id, int port, Set<String> flags, String primaryId, BitSet slots) {

        boolean isPrimary() {
            return flags.contains("master");
        }

        boolean isReplica() {
            return flags.contains("slave");
        }

        boolean isMyself() {
            return flags.contains("myself");
        }

        /** Failing, unreachable or not yet known for sure. */
        boolean inTrouble() {
            return flags.stream().anyMatch(TROUBLE::contains);
        }

        @Override
        public BitSet slots() { // a copy: BitSet is mutable
            return (BitSet) slots.clone();
        }
    }

    static ClusterView parse(String clusterNodes) {
        List<Entry> entries = new ArrayList<>();
        for (String line : clusterNodes.split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length < 8) {
                continue;
            }
            BitSet slots = new BitSet(PrivateRedisCluster.SLOTS);
            for (int i = 8; i < fields.length; i++) {
                String slot = fields[i];
                if (slot.startsWith("[")) {
                    continue;
                }
                int dash = slot.indexOf('-');
                if (dash < 0) {
                    slots.set(Integer.parseInt(slot));
                } else {
                    slots.set(Integer.parseInt(slot.substring(0, dash)), Integer.parseInt(slot.substring(dash + 1)) + 1);
                }
            }
            entries.add(new Entry(fields[0], port(fields[1]), Set.of(fields[2].split(",")),
                    "-".equals(fields[3]) ? null : fields[3], slots));
        }
        return new ClusterView(List.copyOf(entries));
    }

    /** The port in {@code ip:port@cport[,hostname]}; 0 for a node whose address is not known yet. */
    private static int port(String address) {
        int end = address.indexOf('@') < 0 ? address.length() : address.indexOf('@');
        int colon = address.lastIndexOf(':', end);
        return colon < 0 || colon + 1 == end ? 0 : Integer.parseInt(address.substring(colon + 1, end));
    }

    Entry myself() {
        return entries.stream().filter(Entry::isMyself).findFirst()
                .orElseThrow(() -> new IllegalStateException("CLUSTER NODES without a line flagged myself"));
    }

    Optional<Entry> byPort(int port) {
        return entries.stream().filter(e -> e.port() == port).findFirst();
    }

    Optional<Entry> byId(String id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** For each slot, the port of the primary this view says serves it, or -1. */
    int[] slotOwners() {
        int[] owners = new int[PrivateRedisCluster.SLOTS];
        Arrays.fill(owners, -1);
        for (Entry entry : entries) {
            if (entry.isPrimary()) {
                entry.slots.stream().forEach(slot -> owners[slot] = entry.port());
            }
        }
        return owners;
    }
}
